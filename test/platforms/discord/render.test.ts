import { describe, expect, it } from 'vitest';
import { notice, paperDetail, paperList } from '../../../src/message/build.ts';
import type { Reply } from '../../../src/message/model.ts';
import { renderReply, type DiscordMessage } from '../../../src/platforms/discord/render.ts';
import { clip, splitText } from '../../../src/platforms/discord/text.ts';
import type { Paper } from '../../../src/store/types.ts';
import { makePaper } from '../../llm/helpers.ts';
import { messageProblems } from '../../fakes/discord-limits.ts';
import { TRICKY_TITLES } from './harness.ts';

const LIVE_MENTION = /@everyone|@here|<@[!&]?\d/;

function hugePapers(count: number): Paper[] {
  return Array.from({ length: count }, (_, i) =>
    makePaper({
      title: `${TRICKY_TITLES[i % TRICKY_TITLES.length]} ${'*_~|`'.repeat(10)} ${'long title '.repeat(30)}`.slice(0, 300),
      abstract: 'An abstract sentence that goes on. '.repeat(150).slice(0, 5000),
      aiSummary: `Summary @everyone ${'s'.repeat(3000)}`,
      authors: Array.from({ length: 40 }, (_, a) => `Author Number ${a}`),
      upvotes: 1000 - i,
    }),
  );
}

function expectWithinLimits(messages: DiscordMessage[]): void {
  expect(messages.length).toBeGreaterThan(0);
  for (const message of messages) {
    const body = { ...(message.content !== undefined ? { content: message.content } : {}), embeds: message.embeds };
    expect(messageProblems(body)).toEqual([]);
    expect(message.allowedMentions).toEqual({ parse: [] });
    expect(JSON.stringify(message)).not.toMatch(LIVE_MENTION);
  }
}

const allText = (messages: DiscordMessage[]) => JSON.stringify(messages.map((m) => [m.content, m.embeds]));

describe('Discord renderer at the limits', () => {
  it('GIVEN 60 papers with 5,000-character abstracts and 300-character titles THEN every message is within every limit, all 60 in order', () => {
    const messages = renderReply(paperList('Sixty papers', hugePapers(60)));
    expectWithinLimits(messages);
    expect(messages.length).toBeGreaterThan(1);
    expect(messages[0]!.content).toBe('**Sixty papers**');
    const ranks = [...allText(messages).matchAll(/\*\*(\d+)\.\*\*/g)].map((m) => Number(m[1]));
    expect(ranks).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it('GIVEN 10 papers THEN one embed per paper ("1. Title" with url, footer "▲votes · date"), split over messages by the 6,000 total', () => {
    const papers = hugePapers(10);
    const messages = renderReply(paperList('Ten papers', papers));
    expectWithinLimits(messages);
    const embeds = messages.flatMap((m) => m.embeds);
    expect(embeds).toHaveLength(10);
    expect(embeds[0]!.title).toMatch(/^1\. Attention for @\u200beveryone/);
    expect(embeds[0]!.url).toBe(papers[0]!.url);
    expect(embeds[9]!.footer?.text).toBe(`▲991 · ${papers[9]!.publishedAt}`);
  });

  it('GIVEN a digest (header, intro, 10 papers, closing note) THEN one message: intro under the header, the note under the last paper', () => {
    const reply = paperList(
      'Daily papers',
      hugePapers(10).map((p) => ({ ...p, aiSummary: 'Short.' })),
      { intro: '10 new papers.', note: 'Refer to papers by number: “/papers compare 1 2”.' },
    );
    const messages = renderReply(reply, { marker: '#k:0123456789ab' });
    expectWithinLimits(messages);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.content).toBe('**Daily papers**\n10 new papers.');
    expect(messages[0]!.embeds).toHaveLength(10);
    expect(messages[0]!.embeds[9]!.footer?.text).toBe('▲991 · 2026-06-01\nRefer to papers by number: “/papers compare 1 2”.');
  });

  it('GIVEN one paper in full with a 5,000-character abstract THEN the abstract is cut with a link to the paper', () => {
    const [paper] = hugePapers(1);
    const messages = renderReply(paperDetail(paper!));
    expectWithinLimits(messages);
    const embed = messages[0]!.embeds[0]!;
    expect(embed.description).toContain(`… [more](${paper!.url})`);
    expect(embed.fields?.map((f) => f.name)).toContain('Authors');
  });

  it('GIVEN a 20,000-character text THEN it is split across embeds and messages, nothing lost', () => {
    const words = Array.from({ length: 4000 }, (_, i) => `w${i}`).join(' ');
    const messages = renderReply(notice(words));
    expectWithinLimits(messages);
    const text = messages.flatMap((m) => m.embeds.map((e) => e.description)).join(' ');
    expect(text.split(/\s+/)).toEqual(words.split(' '));
  });

  it('GIVEN 80 fields THEN at most 25 per embed, each name and value within limits', () => {
    const reply: Reply = {
      blocks: [
        { type: 'fields', fields: Array.from({ length: 80 }, (_, i) => ({ label: `L${i} ${'n'.repeat(300)}`, value: 'v'.repeat(2000) })) },
      ],
      fallback: 'f',
    };
    const messages = renderReply(reply);
    expectWithinLimits(messages);
    expect(messages.flatMap((m) => m.embeds).flatMap((e) => e.fields ?? [])).toHaveLength(80);
  });

  it('GIVEN a full paper after many long fields THEN the fields stay apart and every message is still within limits', () => {
    const detail = paperDetail(hugePapers(1)[0]!);
    const fields = Array.from({ length: 30 }, (_, i) => ({ label: `F${i}`, value: 'v'.repeat(1500) }));
    const blocks = detail.blocks.map((b) => (b.type === 'fields' ? { ...b, fields } : b));
    const messages = renderReply({ ...detail, blocks });
    expectWithinLimits(messages);
    expect(allText(messages)).toContain('[more]');
  });

  it('GIVEN an idempotency marker THEN people cannot see it: it rides in the first linked embed URL, the limits still hold', () => {
    const papers = hugePapers(10);
    const messages = renderReply(paperList('Ten', papers), { marker: '#k:0123456789ab' });
    expectWithinLimits(messages);
    const shown = messages.map((m) => [m.content, m.embeds.map((e) => [e.title, e.description, e.footer, e.fields])]);
    expect(JSON.stringify(shown)).not.toContain('#k:');
    expect(messages[0]!.embeds[0]!.url).toBe(`${papers[0]!.url}#k:0123456789ab`);
    expect(messages[0]!.embeds.slice(1).map((e) => e.url)).toEqual(papers.slice(1, messages[0]!.embeds.length).map((p) => p.url));
    // Only a message without any linked embed has nowhere else to carry it.
    expect(renderReply(notice('plain'), { marker: '#k:x' })[0]!.embeds[0]!.footer?.text).toBe('#k:x');
  });

  it('GIVEN markdown and mentions in data THEN they are escaped and broken; an error reply is red', () => {
    const [message] = renderReply({ ...notice('**bold** @here <@123> [x](https://evil.example)'), tone: 'error' });
    expect(message!.embeds[0]!.description).toBe('\\*\\*bold\\*\\* @\u200bhere <@\u200b123> \\[x](https://evil.example)');
    expect(message!.embeds[0]!.color).toBe(0xed4245);
  });

  it('GIVEN several masked links on one line, in paper text and in LLM output THEN every one is escaped', () => {
    const links = 'See [one](https://a.example) and [two](https://b.example), then [three](https://c.example).';
    const [paper] = hugePapers(1).map((p) => ({ ...p, title: `T ${links}`, abstract: links, aiSummary: links }));
    const texts = [
      ...renderReply(paperDetail(paper!)),
      ...renderReply(paperList('List', [paper!])),
      ...renderReply({ blocks: [{ type: 'text', text: `LLM says: ${links}` }], fallback: 'f' }),
    ].flatMap((m) => [m.content ?? '', ...m.embeds.flatMap((e) => [e.title ?? '', e.description ?? ''])]);
    const live = texts.flatMap((text) => [...text.matchAll(/(?<!\\)\[(one|two|three)\]\(/g)].map((m) => m[1]));
    expect(live).toEqual([]);
    expect(texts.join('\n')).toContain('\\[three](https://c.example)');
  });

  it('GIVEN bidirectional control characters in paper text THEN none reaches the message', () => {
    const bidi = 'Safe \u202eevil\u202c \u2066iso\u2069 \u200fmark';
    const [paper] = hugePapers(1).map((p) => ({ ...p, title: bidi, abstract: bidi, authors: [bidi], aiSummary: bidi }));
    const messages = [...renderReply(paperDetail(paper!)), ...renderReply(paperList('L', [paper!])), ...renderReply(notice(bidi))];
    expect(JSON.stringify(messages)).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    expect(JSON.stringify(messages)).toContain('Safe evil iso mark');
  });

  it('GIVEN markdown at line starts THEN headings, quotes and lists are escaped the way Discord reads escapes', () => {
    const [message] = renderReply(notice('# Big\n> quote\n- item\n12. step\n-# small'));
    expect(message!.embeds[0]!.description).toBe('\\# Big\n\\> quote\n\\- item\n12\\. step\n\\-# small');
  });

  it('GIVEN an empty reply THEN the fallback is sent, never an empty message', () => {
    expect(renderReply({ blocks: [], fallback: 'nothing @everyone' })).toEqual([
      { content: 'nothing @\u200beveryone', embeds: [], allowedMentions: { parse: [] } },
    ]);
  });
});

describe('text helpers', () => {
  it('clip never ends on half an escape or half a surrogate pair', () => {
    expect(clip('ab\\*cd', 4)).toBe('ab…');
    expect(clip('a😀b', 3)).toBe('a…');
    expect(clip('short', 10)).toBe('short');
  });

  it('splitText prefers line breaks, then spaces', () => {
    expect(splitText('aaaaaa\nbbb cccc', 10)).toEqual(['aaaaaa', 'bbb cccc']);
    expect(splitText('aaaaaaa bbb cccc', 10)).toEqual(['aaaaaaa', 'bbb cccc']);
    expect(splitText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });
});
