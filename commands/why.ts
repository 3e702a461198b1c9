import { explain } from '../src/core/reasons.ts';
import { resolveRef } from '../src/core/refs.ts';
import { REF_OPTION } from '../src/core/votes.ts';
import { noteDiscussed } from '../src/core/votes.ts';
import { defineCommand } from '../src/dispatch/define.ts';
import { DEFAULT_SUBSCRIPTION } from '../src/store/types.ts';

export default defineCommand({
  name: 'why',
  description: 'Why a paper is shown here: its reasons and the numbers behind its place in the digest',
  options: { ref: { ...REF_OPTION, description: 'A number from the last list, an arXiv id, or title words' } },
  examples: ['why 3', 'why 2506.01234'],
  visibility: 'ephemeral',
  async run({ ref }, ctx) {
    const { services, channel, thread, user } = ctx;
    const { store } = services;
    const paper = await resolveRef(store, ref, { channel, threadId: thread?.threadId ?? '', userId: user.id });
    await noteDiscussed(ctx, [paper]);
    const lines = await explain(
      store,
      channel,
      paper,
      (await store.subscriptions.get(channel)) ?? DEFAULT_SUBSCRIPTION,
      services.llm.embedder,
    );
    const header = `Why “${paper.title}”`;
    return {
      blocks: [
        { type: 'header', text: header },
        { type: 'text', text: lines.join('\n') },
      ],
      fallback: [header, ...lines].join('\n'),
    };
  },
});
