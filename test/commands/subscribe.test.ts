import { describe, expect, it } from 'vitest';
import { readSchedule } from '../../src/core/subscription.ts';
import { CHANNEL, harness, textOf } from './harness.ts';

describe('subscribe', () => {
  it('stores time, time zone and topics, and tells the scheduler', async () => {
    let changes = 0;
    const { run, store } = harness({
      onSubscriptionsChanged: () => {
        changes += 1;
      },
    });
    const reply = await run(
      'subscribe 8:30 europe/berlin diffusion "video generation" mode:filter size:5 days:mon,wed,fri min:3 empty:skip',
    );
    expect(reply.tone).toBeUndefined();
    expect(reply.blocks[0]).toEqual({ type: 'header', text: 'Subscribed to the daily digest' });
    expect(store.subscriptions.get(CHANNEL)).toMatchObject({
      time: '08:30',
      timezone: 'Europe/Berlin',
      topics: ['diffusion', 'video generation'],
      topicMode: 'filter',
      size: 5,
      days: [1, 3, 5],
      minUpvotes: 3,
      postWhenEmpty: false,
      channelName: 'papers',
    });
    expect(textOf(reply)).toContain('When: 08:30 Europe/Berlin, Mon, Wed, Fri');
    expect(changes).toBe(1);
  });

  it('starts from the defaults and changes only what is given', async () => {
    const { run, store } = harness();
    await run('subscribe agents');
    expect(store.subscriptions.get(CHANNEL)).toMatchObject({
      time: '09:00',
      timezone: 'UTC',
      days: [1, 2, 3, 4, 5],
      size: 10,
      topics: ['agents'],
      topicMode: 'boost',
    });
    const update = await run('subscribe 5pm days:daily');
    expect(update.blocks[0]).toEqual({ type: 'header', text: 'Digest settings updated' });
    expect(store.subscriptions.get(CHANNEL)).toMatchObject({ time: '17:00', days: [0, 1, 2, 3, 4, 5, 6], topics: ['agents'] });
    await run('subscribe clear');
    expect(store.subscriptions.get(CHANNEL)?.topics).toEqual([]);
  });

  it.each([
    ['subscribe 09:00 Europe/Pari', '“Europe/Pari” is not a time zone; try Europe/Paris.'],
    ['subscribe 09:00 America/NewYork', 'try America/New_York'],
    ['subscribe 25:00', '“25:00” is not a time.'],
    ['subscribe 9:75', '“9:75” is not a time.'],
    ['subscribe days:someday', '“someday” is not a list of days.'],
    ['subscribe size:0', '<size> must be between 1 and 25; got 0.'],
    ['subscribe mode:maybe', '<mode> must be one of filter, boost; got “maybe”.'],
  ])('%s → a clear error, nothing stored', async (text, message) => {
    const { run, store } = harness();
    const reply = await run(text);
    expect(reply.tone).toBe('error');
    expect(textOf(reply)).toContain(message);
    expect(store.subscriptions.get(CHANNEL)).toBeUndefined();
  });

  it.each([
    ['subscribe 09:00 Tokyo', 'Asia/Tokyo'],
    ['subscribe 09:00 Berlin diffusion', 'Europe/Berlin'],
    ['subscribe 09:00 berlinn', 'Europe/Berlin'],
    ['subscribe 09:00 PST', 'America/Los_Angeles'],
  ])('%s → did you mean %s?, and no topic is saved', async (text, zone) => {
    const { run, store } = harness();
    const reply = await run(text);
    expect(reply.tone).toBe('error');
    expect(textOf(reply)).toMatch(new RegExp(`is not a time zone: did you mean ${zone}\\?`));
    expect(store.subscriptions.get(CHANNEL)).toBeUndefined();
  });

  it('cross:include counts arXiv cross-lists in for this channel, and says so; cross:exclude leaves them out again', async () => {
    const { run, store } = harness();
    const reply = await run('subscribe cross:include');
    expect(store.subscriptions.get(CHANNEL)).toMatchObject({ crossLists: true });
    expect(textOf(reply)).toContain('arXiv cross-lists: counted as new papers');
    await run('subscribe cross:exclude');
    expect(store.subscriptions.get(CHANNEL)).toMatchObject({ crossLists: false });
  });

  it('takes a city as a topic when it is quoted', async () => {
    const { run, store } = harness();
    await run('subscribe 09:00 "Tokyo"');
    expect(store.subscriptions.get(CHANNEL)).toMatchObject({ timezone: 'UTC', topics: ['Tokyo'] });
  });

  it.each([
    ['subscribe 09:00 CET', 'CET'],
    ['subscribe 09:00 cet diffusion', 'CET'],
    ['subscribe 09:00 US/Eastern', 'US/Eastern'],
    ['subscribe 09:00 Europe/Kyiv', 'Europe/Kyiv'],
    ['subscribe 09:00 Japan', 'Japan'],
    ['subscribe 09:00 Etc/GMT-2', 'Etc/GMT-2'],
  ])('%s → the digest runs in %s, which is not a topic', async (text, zone) => {
    const { run, store } = harness();
    const reply = await run(text);
    expect(reply.tone).toBeUndefined();
    const sub = store.subscriptions.get(CHANNEL)!;
    expect(sub.timezone).toBe(zone);
    expect(sub.topics).toEqual(text.includes('diffusion') ? ['diffusion'] : []);
  });

  it('says that EST has no daylight saving', async () => {
    expect(textOf(await harness().run('subscribe 09:00 EST'))).toContain(
      'EST is a fixed offset with no daylight saving; for New York time write America/New_York.',
    );
  });
});

describe('readSchedule time zones', () => {
  it('accepts every zone Intl supports, and the IANA links', () => {
    const links = ['CET', 'EET', 'MET', 'WET', 'EST5EDT', 'GB', 'NZ', 'PRC', 'UTC', 'Zulu', 'US/Pacific', 'Asia/Calcutta', 'Europe/Kiev'];
    for (const zone of [...Intl.supportedValuesOf('timeZone'), ...links]) {
      const { change, topics } = readSchedule(`09:00 ${zone}`);
      expect(topics, zone).toEqual([]);
      expect(change.timezone?.toLowerCase(), zone).toBe(zone.toLowerCase());
    }
  });

  it('leaves ordinary topic words alone', () => {
    const words =
      'diffusion transformers robotics reasoning retrieval alignment agents vision speech quantum art cat net act universal japan';
    expect(readSchedule(words).topics).toEqual(words.split(' '));
  });
});

describe('unsubscribe and settings', () => {
  it('unsubscribe removes the subscription, and says when there is none', async () => {
    let changes = 0;
    const { run, store } = harness({
      onSubscriptionsChanged: () => {
        changes += 1;
      },
    });
    expect(textOf(await run('unsubscribe'))).toMatch(/no daily digest to stop/);
    await run('subscribe');
    expect(textOf(await run('unsubscribe'))).toMatch(/^Unsubscribed/);
    expect(store.subscriptions.get(CHANNEL)).toBeUndefined();
    expect(changes).toBe(2);
  });

  it('settings shows the subscription, the LLM and its usage', async () => {
    const { run } = harness();
    expect(textOf(await run('settings'))).toContain('Daily digest: not subscribed');
    await run('subscribe 07:15 Asia/Tokyo llm');
    const text = textOf(await run('usage'));
    expect(text).toContain('When: 07:15 Asia/Tokyo, weekdays');
    expect(text).toContain('Topics: llm (papers on these topics first)');
    expect(text).toContain('LLM: none: offline summaries');
    expect(text).toContain('LLM usage: no calls yet');
    expect(text).toContain('Papers known: 7; latest listing Thu 18 Dec 2025');
  });
});
