import { commandHint, SHARE_OPTION } from '../src/core/hints.ts';
import { echo } from '../src/core/query.ts';
import { search } from '../src/core/search.ts';
import { defineCommand } from '../src/dispatch/define.ts';
import { notice, paperList } from '../src/message/build.ts';

export default defineCommand({
  name: 'search',
  description: 'Full-text search: words, "phrases", -exclude, author:, org:, title:, since:YYYY-MM-DD',
  options: {
    query: { type: 'string', description: 'What to look for', required: true, rest: true },
    limit: { type: 'integer', description: 'How many results (1-50)', min: 1, max: 50, default: 10 },
    share: SHARE_OPTION,
  },
  examples: [
    'search diffusion transformers',
    'search "video generation" -survey limit:5',
    'search author:Karpathy',
    'search org:nvidia since:2025-12-01',
    'search alignment OR preference',
  ],
  visibility: 'ephemeral',
  async run({ query, limit }, { services, channel }) {
    const result = await search(services.store, query, { limit });
    if (result.papers.length === 0) {
      return notice(`No papers match “${echo(query)}”.`, [...result.notes, 'Try fewer words, or drop a filter or an exclusion.'].join(' '));
    }
    const shown = result.papers.length;
    const hint = (text: string) => `“${commandHint(channel.platform, services.rootCommand, text)}”`;
    return paperList(`Search: ${echo(query)}`, result.papers, {
      intro:
        result.total > shown
          ? `${result.totalCapped ? 'More than ' : ''}${result.total} papers match; the best ${shown}:`
          : result.total === 1
            ? '1 paper matches.'
            : `${result.total} papers match, best first.`,
      note: [...result.notes, `Refer to them by number: ${hint('paper 1')}, ${hint('compare 1 2')}.`].join(' '),
    });
  },
});
