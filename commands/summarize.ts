import { SHARE_OPTION } from '../src/core/hints.ts';
import { listNote, resolveRefs } from '../src/core/refs.ts';
import { summaryReply, withNote } from '../src/core/replies.ts';
import { noteAsked } from '../src/core/votes.ts';
import { defineCommand } from '../src/dispatch/define.ts';

export default defineCommand({
  name: 'summarize',
  aliases: ['summarise', 'summary'],
  description: 'A TL;DR and key contributions for 1 to 5 papers',
  options: {
    refs: { type: 'string', description: 'Papers: numbers from the last list, arXiv ids, or "title words"', required: true, rest: true },
    share: SHARE_OPTION,
    fresh: { type: 'boolean', description: 'Ask the model again instead of answering from the cache' },
  },
  examples: ['summarize 3', 'summarize 3 fresh', 'summarize 1 2', 'summarise 2506.01234', 'summary "brain-like language processing"'],
  visibility: 'ephemeral',
  slow: true,
  async run({ refs, fresh }, ctx) {
    const { services, channel, thread, user } = ctx;
    const scope = { channel, threadId: thread?.threadId ?? '', userId: user.id };
    const papers = await resolveRefs(services.store, refs, scope, { min: 1, max: 5, what: 'summarize' });
    await noteAsked(ctx, papers);
    const outcomes = await Promise.all(papers.map((paper) => services.llm.summarize(paper, undefined, { fresh })));
    const reply = summaryReply(
      papers.map((paper, i) => ({ paper, outcome: outcomes[i]! })),
      services.llm,
    );
    return withNote(reply, await listNote(services.store, refs, scope));
  },
});
