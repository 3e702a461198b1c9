import { plural } from '../src/core/hints.ts';
import { channelTaste } from '../src/core/taste.ts';
import { defineCommand } from '../src/dispatch/define.ts';
import { notice } from '../src/message/build.ts';

const EFFECT = {
  off: 'Taste is off: digests ignore this channel’s votes (they are kept).',
  boost: 'Taste boosts: papers like the ones liked here rank higher.',
  filter: 'Taste filters: digests show only papers close to the ones liked here.',
} as const;

export default defineCommand({
  name: 'taste',
  description: 'What this channel’s votes taught its digest; taste off|boost|filter sets how much it counts',
  options: { mode: { type: 'choice', description: 'How taste shapes the digest', choices: ['off', 'boost', 'filter'] } },
  examples: ['taste', 'taste boost', 'taste filter', 'taste off'],
  visibility: 'ephemeral',
  async run({ mode }, { services, channel, now }) {
    const { store } = services;
    if (mode) await store.feedback.setTasteMode(channel, mode, now);
    const current = await store.feedback.tasteMode(channel);
    const votes = await store.feedback.ofChannel(channel);
    const count = (key: 'likes' | 'dislikes' | 'saves') => votes.reduce((n, v) => n + v[key], 0);
    const terms = (await channelTaste(store, channel)).topTerms(8);
    const taught = `${plural(count('likes'), 'like')}, ${plural(count('dislikes'), 'dislike')} and ${plural(count('saves'), 'save')} here.`;
    const leaning = terms.length > 0 ? ` It leans towards: ${terms.join(', ')}.` : '';
    return notice(`${EFFECT[current]} ${taught}${leaning}`, 'Teach it with “like <number>” and “dislike <number>” after a digest.');
  },
});
