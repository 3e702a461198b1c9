import { defineCommand } from '../src/dispatch/define.ts';
import { notice, paperList } from '../src/message/build.ts';

export default defineCommand({
  name: 'saved',
  description: 'Your own reading list: the papers you saved (only you see it)',
  options: {
    limit: { type: 'integer', description: 'How many papers (1-50)', min: 1, max: 50, default: 20 },
  },
  examples: ['saved', 'saved limit:5'],
  // Private whatever the channel: a reading list is never shown to another person.
  visibility: 'ephemeral',
  async run({ limit }, { services, channel, user }) {
    const { store } = services;
    const papers = await store.papers.getMany(await store.feedback.savedBy(channel.platform, user.id, limit));
    if (papers.length === 0) return notice('Your reading list is empty.', 'Add a paper with “save <number>” after a digest or search.');
    return paperList('Your reading list', papers, { intro: 'Newest save first. Only you see this list.' });
  },
});
