import { bibReply } from '../src/core/bibtex.ts';
import { resolveRefs } from '../src/core/refs.ts';
import { localDay } from '../src/core/dates.ts';
import { defineCommand } from '../src/dispatch/define.ts';
import { notice } from '../src/message/build.ts';
import type { Paper } from '../src/store/types.ts';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export default defineCommand({
  name: 'bib',
  description: 'BibTeX for papers: numbers from the last list, arXiv ids or titles; "saved"; or "week"',
  options: {
    refs: { type: 'string', description: 'Papers (numbers, arXiv ids, "title words"), saved, or week', required: true, rest: true },
  },
  examples: ['bib 1 3', 'bib 2506.01234', 'bib saved', 'bib week'],
  // "saved" is the asker's private list, so every answer is theirs alone.
  visibility: 'ephemeral',
  async run({ refs }, { services, channel, thread, user, now }) {
    const { store } = services;
    const word = refs.trim().toLowerCase();
    if (word === 'saved') {
      const papers = await store.papers.getMany(await store.feedback.savedBy(channel.platform, user.id, 50));
      if (papers.length === 0) return notice('Your reading list is empty.', 'Add a paper with “save <number>” after a digest or search.');
      return bibReply(papers, 'your reading list');
    }
    if (word === 'week') {
      const since = new Date(now.getTime() - WEEK_MS);
      let papers = await store.papers.getMany(await store.feedback.likedOrSavedSince(channel, since.toISOString(), 50));
      if (papers.length > 0) return bibReply(papers, 'the papers this channel liked or saved this week');
      papers = await weekDigests(await store.digests.history(channel, 14), localDay(since), (ids) => store.papers.getMany(ids));
      if (papers.length > 0) return bibReply(papers, 'this week’s digests here');
      return notice(
        'Nothing was liked, saved or posted in a digest here in the last 7 days.',
        'Try bib saved, or bib with numbers or arXiv ids.',
      );
    }
    const scope = { channel, threadId: thread?.threadId ?? '', userId: user.id };
    return bibReply(await resolveRefs(store, refs, scope, { min: 1, max: 50, what: 'bib' }), 'these papers');
  },
});

async function weekDigests(
  digests: { date: string; state: string; paperIds: number[] }[],
  from: string,
  get: (ids: number[]) => Paper[] | Promise<Paper[]>,
): Promise<Paper[]> {
  const ids = digests.filter((d) => d.state === 'posted' && d.date >= from).flatMap((d) => d.paperIds);
  return get([...new Set(ids)].slice(0, 50));
}
