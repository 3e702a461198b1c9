import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createDispatcher } from '../../src/dispatch/dispatch.ts';
import { OfflineSummariser } from '../../src/llm/offline.ts';
import { silentLogger } from '../../src/log.ts';
import { listing, parsed } from '../helpers/papers.ts';
import { CHANNEL, seedStore, textOf, titles } from './harness.ts';

/** The harness's store (HF lists of 17 and 18 Dec 2025), asked on `today` at noon UTC. */
function askedOn(today: string) {
  const store = seedStore();
  const dispatcher = createDispatcher({
    services: { store, llm: new OfflineSummariser(), rootCommand: 'papers' },
    commands,
    log: silentLogger,
    now: () => new Date(`${today}T12:00:00Z`),
  });
  const run = (text: string) => {
    const { command, text: rest } = dispatcher.parseText(text);
    return dispatcher.run({ command, input: { text: rest }, channel: CHANNEL, user: { id: 'U1', name: 'ada' } });
  };
  return { store, run };
}

describe('top counts back from today', () => {
  it('GIVEN the last listing is three days old THEN “top day” is about today, and the week still holds it', async () => {
    const { run } = askedOn('2025-12-21');
    const day = await run('top day');
    expect(textOf(day)).toMatch(/^No papers for Sun 21 Dec 2025\./);
    // The way out names the latest listing, so a quiet day is one step from the papers that exist.
    expect(textOf(day)).toContain('“top day 2025-12-18”');
    const week = await run('top week');
    expect(week.blocks[0]).toEqual({ type: 'header', text: 'Top papers — the week to Sun 21 Dec 2025' });
    expect(titles(week)[0]).toBe('Agents That Plan: Reinforcement Learning for Tool Use');
  });

  it('GIVEN a listing dated later than today (one arXiv ingest) THEN it does not move the week away from the HF papers', async () => {
    const { store, run } = askedOn('2025-12-18');
    store.papers.ingestListing(
      listing('arxiv-rss', '2025-12-28', [parsed({ title: 'Ahead of Time', arxivId: '2512.00099', publishedAt: '2025-12-28' })]),
      'arxiv:cs.LG',
      'd',
      new Date('2025-12-18T10:00:00Z'),
    );
    const week = await run('top week');
    expect(week.blocks[0]).toEqual({ type: 'header', text: 'Top papers — the week to Thu 18 Dec 2025' });
    expect(titles(week)).not.toContain('Ahead of Time');
    expect(titles(week)[0]).toBe('Agents That Plan: Reinforcement Learning for Tool Use');
  });

  it('GIVEN a date THEN the period ends on it; a bad date is a clear error', async () => {
    const { run } = askedOn('2026-02-01');
    expect(titles(await run('top day 2025-12-17'))).toEqual(['Diffusion Transformers for Video Generation']);
    expect((await run('top week date:2025-12-18')).blocks[0]).toEqual({ type: 'header', text: 'Top papers — the week to Thu 18 Dec 2025' });
    const bad = await run('top week date:someday');
    expect(bad.tone).toBe('error');
    expect(textOf(bad)).toContain('“someday” is not a date.');
  });
});
