/** The weekly roundup through the real Bolt app against the fake Slack: its message, then its chart uploaded into its thread. */
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHART_LAYOUT } from '../../../src/core/chart.ts';
import type { ChannelRef } from '../../../src/platforms/types.ts';
import { deliverRoundup } from '../../../src/scheduler/weekly.ts';
import { sendSignedSlashCommand, waitFor } from '../../fakes/slack.ts';
import { SIGNING_SECRET } from './harness.ts';
import { startCommandsOnSlack, type CommandsOnSlack } from './commands-harness.ts';

let slack: CommandsOnSlack;
beforeEach(async () => {
  slack = await startCommandsOnSlack();
});
afterEach(async () => {
  await slack.close();
});

const channel: ChannelRef = { platform: 'slack', id: 'C1' };
const during = new Date('2025-12-18T12:00:00Z');

describe('uploads on Slack', () => {
  it('posts the scheduled roundup, then uploads its chart into the roundup’s thread (getUploadURLExternal → upload URL → completeUploadExternal)', async () => {
    const { store, fake } = slack;
    const digest = await slack.postDigest(channel, '2025-12-18');
    const liked = store.papers.get(digest.paperIds[0]!)!;
    store.feedback.vote({ platform: 'slack', channelId: 'C1', userId: 'U1' }, liked.id, 1, during);
    const weekly = store.weekly.upsert(channel, { day: 4, time: '16:00', timezone: 'UTC' }, new Date('2025-12-01T00:00:00Z'));
    const outcome = await deliverRoundup({
      store,
      adapters: { slack: slack.adapter },
      weekly,
      date: '2025-12-18',
      now: () => new Date('2025-12-18T16:00:00Z'),
      instanceId: 'test',
    });
    expect(outcome.status).toBe('posted');
    const ts = outcome.status === 'posted' ? outcome.posted.messageId : '';
    const message = fake.messages.find((m) => m.ts === ts)!;
    expect(message.metadata?.event_payload['key']).toBe('paperboy:slack:C1:week:2025-W51');
    expect(JSON.stringify(message.blocks)).toContain('Diffusion Transformers for Video Generation');
    // The pick links to the thread of the digest it was shown in (the workspace URL from auth.test).
    const permalink = `https://fake.slack.test/archives/C1/p${digest.posted.threadId.replace('.', '')}`;
    expect(JSON.stringify(message.blocks)).toContain(`<${permalink}|Thread>`);

    const methods = fake.calls.map((c) => c.method).filter((m) => m.startsWith('files.'));
    expect(methods).toEqual(['files.getUploadURLExternal', 'files.completeUploadExternal']);
    const asked = fake.callsTo('files.getUploadURLExternal')[0]!.body;
    expect(asked).toMatchObject({ filename: 'roundup-2025-W51.png' });
    expect(String(asked['alt_text'])).toMatch(/^Stacked bars/);
    const [file] = fake.uploads;
    expect(file!.shared).toEqual({ channel: 'C1', threadTs: ts, title: 'roundup-2025-W51.png' });
    expect(file!.bytes!.length).toBe(file!.length);
    const png = PNG.sync.read(file!.bytes!);
    expect([png.width, png.height]).toEqual([CHART_LAYOUT.width, CHART_LAYOUT.height]);
  });

  it('`roundup share` posts in the channel and uploads the chart under it; the private answer carries no file', async () => {
    const { fake } = slack;
    const privately = await slack.slash('U1', 'roundup 2025-12-18');
    expect(privately.text).toContain('The week in papers');
    expect(JSON.stringify(privately)).toContain('add “share” to the command to post this with its chart');
    expect(fake.uploads).toHaveLength(0);

    const sent = await sendSignedSlashCommand(slack.endpoint, SIGNING_SECRET, {
      text: 'roundup 2025-12-18 share',
      userId: 'U1',
      responseUrl: fake.responseUrl('shared'),
    });
    expect(sent.status).toBe(200);
    const shared = await waitFor(() => fake.uploads.find((u) => u.shared), 10_000, 'the shared chart');
    const post = fake.messages.find((m) => m.ts === shared.shared!.threadTs)!;
    expect(post.channel).toBe('C1');
    expect(post.thread_ts).toBeUndefined();
    expect(PNG.sync.read(shared.bytes!).width).toBe(CHART_LAYOUT.width);
  });

  it('a refused upload leaves the posted roundup standing and recorded', async () => {
    const { store, fake } = slack;
    fake.failNext('files.completeUploadExternal', { error: 'not_in_channel' });
    const weekly = store.weekly.upsert(channel, { day: 4, time: '16:00', timezone: 'UTC' }, new Date('2025-12-01T00:00:00Z'));
    const request = { store, adapters: { slack: slack.adapter }, weekly, date: '2025-12-18', instanceId: 'test' };
    const outcome = await deliverRoundup({ ...request, now: () => new Date('2025-12-18T16:00:00Z') });
    expect(outcome.status).toBe('posted');
    expect(store.digests.get(channel, 'week:2025-W51')?.state).toBe('posted');
    const again = await deliverRoundup({ ...request, now: () => new Date('2025-12-18T17:00:00Z') });
    expect(again).toMatchObject({ status: 'not-claimed', reason: 'done' });
    expect(fake.messages.filter((m) => m.metadata?.event_payload['key'] === 'paperboy:slack:C1:week:2025-W51')).toHaveLength(1);
    // The thread says the picture is missing and what fixes it.
    const roundup = fake.messages.find((m) => m.metadata?.event_payload['key'] === 'paperboy:slack:C1:week:2025-W51')!;
    const said = fake.messages.filter((m) => m.thread_ts === roundup.ts).map((m) => m.text);
    expect(said).toContain(
      'The chart could not be attached here. Invite paperboy to this channel (`/invite @paperboy`) so it can share files here.',
    );
  });
});
