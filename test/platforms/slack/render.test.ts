import { describe, expect, it } from 'vitest';
import { notice, paperDetail, paperList } from '../../../src/message/build.ts';
import type { Reply } from '../../../src/message/model.ts';
import { SLACK_LIMITS } from '../../../src/platforms/slack/limits.ts';
import { escapeSlackText, renderSlack } from '../../../src/platforms/slack/render.ts';
import { slackLink, truncateEscaped } from '../../../src/platforms/slack/mrkdwn.ts';
import type { Paper } from '../../../src/store/types.ts';
import { HOSTILE_TITLE, limitProblems } from './harness.ts';

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i % 97}&<>`).join(' ');

function makePaper(i: number, overrides: Partial<Paper> = {}): Paper {
  return {
    id: i,
    arxivId: `2405.${String(i).padStart(5, '0')}`,
    title: `${HOSTILE_TITLE} #${i} ${'*_~'.repeat(3)}`,
    abstract: words(700),
    authors: Array.from({ length: 40 }, (_, a) => `Author <@U${a}>`),
    authorCount: 40,
    organization: { slug: 'org', name: 'Org & <Co>' },
    publishedAt: '2024-05-01',
    upvotes: 100 - i,
    url: null,
    pdfUrl: null,
    githubRepo: 'https://github.com/a/b|c',
    projectPage: 'javascript:alert(1)',
    aiSummary: null,
    keywords: [],
    categories: ['cs.LG'],
    comment: null,
    journalRef: null,
    doi: null,
    firstSeenAt: '2024-05-01T00:00:00Z',
    lastListedOn: '2024-05-01',
    ...overrides,
  };
}

const sections = (reply: Reply) => renderSlack(reply).blocks.filter((b) => b.type === 'section');
const sentText = (reply: Reply) => JSON.stringify(renderSlack(reply));

describe('renderSlack: Block Kit inside Slack limits', () => {
  it('GIVEN 60 papers with 5,000-character abstracts THEN ≤ 50 blocks, sections ≤ 3000, header ≤ 150, a text fallback and a "+N more" note', () => {
    const papers = Array.from({ length: 60 }, (_, i) =>
      makePaper(i + 1, { aiSummary: words(700), title: `${'Very long title '.repeat(20)}${i}` }),
    );
    const reply = paperList(`${HOSTILE_TITLE} ${'header '.repeat(40)}`, papers, { note: 'See the rest with /papers digest' });
    const message = renderSlack(reply);
    expect(limitProblems(message)).toEqual([]);
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    const header = message.blocks[0]!;
    expect(header.type === 'header' && header.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    const last = message.blocks.at(-1)!;
    expect(last.type === 'context' && last.elements[0]!.text).toMatch(
      /^\+\d+ more not shown \(Slack shows at most 50 blocks per message\)\.$/,
    );
    const shown = message.blocks.filter((b) => b.type === 'section').length;
    expect(last.type === 'context' && last.elements[0]!.text).toContain(`+${60 - shown} more`);
  });

  it('GIVEN one paper in full with a 5,000-character abstract THEN the abstract is split into sections ≤ 3000, cut at a word, never inside an entity', () => {
    const message = renderSlack(paperDetail(makePaper(1, { abstract: words(1200), url: 'https://arxiv.org/abs/2405.00001' })));
    expect(limitProblems(message)).toEqual([]);
    for (const block of message.blocks) {
      if (block.type !== 'section' || !('text' in block)) continue;
      expect(block.text.text).not.toMatch(/&[a-z]{0,3}$|&[a-z]{0,3}…/);
    }
  });

  it('GIVEN a title with <!channel>, <@U123>, a <link|label> and & THEN each is escaped in blocks and in the text fallback', () => {
    const reply = paperList(HOSTILE_TITLE, [makePaper(1, { url: 'https://arxiv.org/abs/2405.00001' })]);
    const sent = sentText(reply);
    expect(sent).not.toMatch(/<!channel>|<@U\d+>|<https:\/\/evil/);
    expect(renderSlack(reply).text).toContain(
      '&lt;!channel&gt; @everyone ask &lt;@U123&gt; about &lt;https://evil.example|this&gt; &amp; that',
    );
  });

  it('GIVEN links THEN only http(s) URLs become <url|label>, with "|" kept out of the URL part', () => {
    expect(slackLink('javascript:alert(1)', 'Project')).toBe('Project');
    expect(slackLink('https://github.com/a/b|c', 'Code <x>')).toBe('<https://github.com/a/b%7Cc|Code &lt;x&gt;>');
    expect(slackLink('https://example.org/?a=1&b=2', 'q')).toBe('<https://example.org/?a=1&amp;b=2|q>');
  });

  it('GIVEN a numbered card THEN it reads "*1.* <url|Title>  ▲42" with authors, summary and links', () => {
    const paper = makePaper(1, {
      title: 'Plain Title',
      upvotes: 42,
      url: 'https://arxiv.org/abs/2405.00001',
      authors: ['A', 'B', 'C', 'D'],
      authorCount: 4,
      abstract: 'One. Two.',
    });
    const [card] = sections(paperList('List', [paper]));
    expect(card!.type === 'section' && 'text' in card! && card.text.text.split('\n')).toEqual([
      '*1.* <https://arxiv.org/abs/2405.00001|Plain Title>  ▲42',
      'A, B, C +1 · Org &amp; &lt;Co&gt; · 2024-05-01',
      'One.',
      '<https://arxiv.org/abs/2405.00001|arXiv> · <https://huggingface.co/papers/2405.00001|HF> · <https://arxiv.org/pdf/2405.00001|PDF> · <https://github.com/a/b%7Cc|Code>',
    ]);
  });

  it('GIVEN an error reply THEN it is marked and still has a fallback', () => {
    const message = renderSlack({ ...notice('Nope <!here>'), tone: 'error' });
    expect(message.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: ':warning: Nope &lt;!here&gt;' } });
    expect(message.text).toBe('Nope &lt;!here&gt;');
  });

  it('escapeSlackText and truncateEscaped keep entities whole', () => {
    expect(escapeSlackText('a & <b>')).toBe('a &amp; &lt;b&gt;');
    expect(truncateEscaped(escapeSlackText('abc <<<<<<'), 8)).toBe('abc…');
    expect(truncateEscaped('short', 10)).toBe('short');
  });

  it('GIVEN a 16 MB abstract, title and note THEN it renders in milliseconds, cut where Slack would, with the cut marked', () => {
    const huge = (unit: string) => Buffer.from(unit.repeat(Math.ceil((16 * 1024 * 1024) / unit.length))).toString();
    const paper = makePaper(1, { abstract: huge('a&b <c> '), title: huge('Title & <T> '), url: 'https://arxiv.org/abs/2405.00001' });
    const reply = { ...paperDetail(paper), fallback: huge('x') };
    renderSlack(notice('warm up'));
    const started = performance.now();
    const message = renderSlack(reply);
    const elapsed = performance.now() - started;
    expect(limitProblems(message)).toEqual([]);
    const texts = message.blocks.flatMap((b) => (b.type === 'section' && 'text' in b ? [b.text.text] : []));
    expect(texts.at(-1)).toMatch(/ a&amp;b… <https:\/\/arxiv\.org\/abs\/2405\.00001\|more>$/);
    expect(texts[0]).toContain('Title &amp; &lt;T&gt;');
    expect(message.text.endsWith('x…')).toBe(true);
    // Escaping 16 MB takes about half a second on this machine; clipped first, well under a millisecond.
    expect(elapsed).toBeLessThan(100);
  });
});
