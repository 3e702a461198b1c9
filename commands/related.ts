import { resolveRef } from '../src/core/refs.ts';
import { relatedPapers } from '../src/core/taste.ts';
import { REF_OPTION } from '../src/core/votes.ts';
import { noteDiscussed } from '../src/core/votes.ts';
import { defineCommand } from '../src/dispatch/define.ts';
import { notice, paperList } from '../src/message/build.ts';

export default defineCommand({
  name: 'related',
  description: 'More like this: the papers I know that are most similar to one paper, and why',
  options: {
    ref: { ...REF_OPTION, description: 'A number from the last list, an arXiv id, or title words' },
    limit: { type: 'integer', description: 'How many papers (1-20)', min: 1, max: 20, default: 5 },
  },
  examples: ['related 2', 'related 2506.01234', 'related 1 limit:10'],
  visibility: 'ephemeral',
  async run({ ref, limit }, ctx) {
    const { services, channel, thread, user } = ctx;
    const { store } = services;
    const paper = await resolveRef(store, ref, { channel, threadId: thread?.threadId ?? '', userId: user.id });
    await noteDiscussed(ctx, [paper]);
    const related = await relatedPapers(store, paper, limit);
    if (related.length === 0) return notice(`I know no paper like “${paper.title}” yet.`);
    const reasons = new Map(
      related.map((r) => [
        r.paper.id,
        `shares ${r.shared
          .slice(0, 3)
          .map((t) => `“${t}”`)
          .join(', ')} (similarity ${r.similarity.toFixed(2)})`,
      ]),
    );
    return paperList(
      `More like “${paper.title}”`,
      related.map((r) => r.paper),
      { intro: 'Most similar first, by the words of their titles and abstracts.', reasons },
    );
  },
});
