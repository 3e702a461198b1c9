import { formatDay } from '../src/core/dates.ts';
import { SHARE_OPTION } from '../src/core/hints.ts';
import { listNote, resolveRef } from '../src/core/refs.ts';
import { noteDiscussed } from '../src/core/votes.ts';
import { defineCommand } from '../src/dispatch/define.ts';
import { paperDetail } from '../src/message/build.ts';
import { withNote } from '../src/core/replies.ts';

export default defineCommand({
  name: 'paper',
  description: 'One paper in full: authors, dates, upvotes, links and abstract',
  options: {
    ref: {
      type: 'string',
      description: 'A number from the last list, an arXiv id or URL, or title words',
      required: true,
      rest: true,
      autocomplete: true,
    },
    share: SHARE_OPTION,
  },
  examples: ['paper 1', 'paper 2506.01234', 'paper https://arxiv.org/abs/2506.01234v2', 'paper brain-like language processing'],
  visibility: 'ephemeral',
  async run({ ref }, ctx) {
    const { services, channel, thread, user } = ctx;
    const scope = { channel, threadId: thread?.threadId ?? '', userId: user.id };
    const paper = await resolveRef(services.store, ref, scope);
    await noteDiscussed(ctx, [paper]);
    const listedIn = (await services.store.papers.appearances(paper.id))
      .filter((a) => a.listingDate)
      .map((a) => `${formatDay(a.listingDate!)} (${a.source})`);
    return withNote(paperDetail(paper, { listedIn: [...new Set(listedIn)] }), await listNote(services.store, ref, scope));
  },
  async autocomplete(_option, partial, { services }) {
    return (await services.store.papers.findByTitle(partial, 25)).map((p) => ({
      name: p.title.length > 100 ? `${p.title.slice(0, 99)}…` : p.title,
      value: p.arxivId ?? p.title.slice(0, 100),
    }));
  },
});
