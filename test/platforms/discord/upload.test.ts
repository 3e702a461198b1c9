/** The weekly roundup's chart as a Discord attachment: real discord.js, multipart `files[n]` + `payload_json`, against the fake Discord. */
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHART_LAYOUT } from '../../../src/core/chart.ts';
import { deliverRoundup } from '../../../src/scheduler/weekly.ts';
import { startCommandsOnDiscord, type CommandsOnDiscord } from './commands-harness.ts';
import { waitFor } from './harness.ts';

let discord: CommandsOnDiscord;
beforeEach(async () => {
  discord = await startCommandsOnDiscord();
});
afterEach(() => discord.close());

const isPng = (bytes: Buffer) => {
  const png = PNG.sync.read(bytes);
  return [png.width, png.height];
};

describe('uploads on Discord', () => {
  it('the scheduled roundup’s first message carries the chart as an attachment named in its body, with the nonce', async () => {
    const { store, fake, adapter, channel } = discord;
    const digest = await discord.postDigest();
    const paper = store.papers.get(digest.paperIds[0]!)!;
    store.feedback.save(
      { platform: 'discord', channelId: channel.id, userId: fake.ids.user },
      paper.id,
      true,
      new Date('2025-12-17T10:00:00Z'),
    );
    const weekly = store.weekly.upsert(channel, { day: 4, time: '16:00', timezone: 'UTC' }, new Date('2025-12-01T00:00:00Z'));
    const outcome = await deliverRoundup({
      store,
      adapters: { discord: adapter },
      weekly,
      date: '2025-12-18',
      now: () => new Date('2025-12-18T16:00:00Z'),
      instanceId: 'test',
    });
    expect(outcome.status).toBe('posted');
    const posts = fake.requests.filter(
      (r) => r.method === 'POST' && r.path === `/channels/${channel.id}/messages` && r.body.nonce?.length && r.files,
    );
    expect(posts).toHaveLength(1);
    // The pick links to the thread of the digest it was shown in.
    expect(JSON.stringify(posts[0]!.body.embeds)).toContain(`https://discord.com/channels/${fake.ids.guild}/${digest.posted.threadId}`);
    const [first] = posts;
    const rest = fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel.id}/messages` && r !== first);
    expect(first!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(first!.files).toHaveLength(1);
    expect(first!.files![0]).toMatchObject({ key: 'files[0]', filename: 'roundup-2025-W51.png', contentType: 'image/png' });
    expect(first!.body.attachments).toEqual([
      { id: 0, filename: 'roundup-2025-W51.png', description: expect.stringMatching(/^Stacked bars/) },
    ]);
    expect(first!.body.nonce).toBeTypeOf('string');
    expect(JSON.stringify(first!.body.embeds)).toContain(paper.title);
    expect(rest.every((r) => !r.files)).toBe(true);
    expect(isPng(first!.files![0]!.bytes)).toEqual([CHART_LAYOUT.width, CHART_LAYOUT.height]);

    const stored = fake.messagesIn(channel.id).find((m) => m.id === (outcome.status === 'posted' ? outcome.posted.messageId : ''))!;
    expect(stored.attachments).toEqual([
      expect.objectContaining({ filename: 'roundup-2025-W51.png', content_type: 'image/png', size: first!.files![0]!.bytes.length }),
    ]);
  });

  it('`/papers roundup` answers with the chart attached to the interaction’s reply', async () => {
    const { fake } = discord;
    const data = { name: 'papers', options: [{ type: 1, name: 'roundup', options: [{ type: 3, name: 'date', value: '2025-12-18' }] }] };
    const { token } = fake.interact(data);
    const edit = await waitFor(() => fake.requests.find((r) => r.method === 'PATCH' && r.path.includes(token)));
    expect(JSON.stringify(edit.body)).toContain('The week in papers');
    expect(edit.files?.map((f) => f.filename)).toEqual(['roundup-2025-W51.png']);
    expect(isPng(edit.files![0]!.bytes)).toEqual([CHART_LAYOUT.width, CHART_LAYOUT.height]);
  });
});
