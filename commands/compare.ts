import { SHARE_OPTION } from '../src/core/hints.ts';
import { listNote, resolveRefs } from '../src/core/refs.ts';
import { comparisonReply, withNote } from '../src/core/replies.ts';
import { noteAsked } from '../src/core/votes.ts';
import { defineCommand } from '../src/dispatch/define.ts';

export default defineCommand({
  name: 'compare',
  description: 'Compare 2 to 5 papers: problem, approach, data, results, and when to pick which',
  options: {
    refs: { type: 'string', description: 'Papers: numbers from the last list, arXiv ids, or "title words"', required: true, rest: true },
    share: SHARE_OPTION,
    fresh: { type: 'boolean', description: 'Ask the model again instead of answering from the cache' },
  },
  examples: ['compare 1 3', 'compare 2 and 5', 'compare 1, 2, 4', 'compare 2506.01234 vs 2506.05678', 'compare "styledrive" "alpamayo-r1"'],
  visibility: 'ephemeral',
  slow: true,
  async run({ refs, fresh }, ctx) {
    const { services, channel, thread, user } = ctx;
    const scope = { channel, threadId: thread?.threadId ?? '', userId: user.id };
    const papers = await resolveRefs(services.store, refs, scope, { min: 2, max: 5, what: 'compare' });
    await noteAsked(ctx, papers);
    const reply = comparisonReply(papers, await services.llm.compare(papers, undefined, { fresh }), services.llm);
    return withNote(reply, await listNote(services.store, refs, scope));
  },
});
