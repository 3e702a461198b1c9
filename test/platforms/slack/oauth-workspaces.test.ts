/**
 * Two workspaces installed through OAuth, both with a channel C1 and a user U1 (a Slack Connect channel has
 * the same id in each): every answer uses its own workspace's token and sees only its own data; uninstalling
 * one removes it; the scheduler posts each workspace's digest with its token.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OfflineSummariser } from '../../../src/llm/offline.ts';
import { silentLogger } from '../../../src/log.ts';
import { createScheduler } from '../../../src/scheduler/scheduler.ts';
import { blockActionsPayload, sendSignedInteraction, waitFor, type FakeWorkspace } from '../../fakes/slack.ts';
import { SIGNING_SECRET } from './harness.ts';
import { seedListing } from '../../scheduler/harness.ts';
import { startManyWorkspaces, type ManyWorkspaces } from './oauth-harness.ts';

describe('many Slack workspaces', () => {
  let app: ManyWorkspaces;
  let a: FakeWorkspace;
  let b: FakeWorkspace;
  afterEach(async () => app?.close());

  async function twoWorkspaces() {
    app = await startManyWorkspaces();
    a = (await app.install('TA')).workspace;
    b = (await app.install('TB')).workspace;
  }
  const postsWith = (token: string) => app.fake.callsTo('chat.postMessage').filter((c) => c.token === token);

  it('GIVEN a shared answer in each workspace THEN each is posted with its own workspace’s token', async () => {
    await twoWorkspaces();
    await app.slash('TA', 'search diffusion share', { posted: true });
    await app.slash('TB', 'search agents share', { posted: true });
    expect(postsWith(a.botToken).map((c) => c.body['channel'])).toEqual(['C1']);
    expect(postsWith(b.botToken).map((c) => c.body['channel'])).toEqual(['C1']);
    expect(app.fake.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('GIVEN a subscription in A’s C1 THEN B’s C1 is still not subscribed, and its own subscription leaves A’s alone', async () => {
    await twoWorkspaces();
    expect((await app.slash('TA', 'subscribe 07:15 Europe/Berlin diffusion')).text).toContain('Subscribed');
    expect((await app.slash('TB', 'settings')).text).toContain('not subscribed');
    await app.slash('TB', 'subscribe 18:00 UTC');
    expect(app.store.subscriptions.list().map((s) => [s.channelId, s.time])).toEqual([
      ['TA:C1', '07:15'],
      ['TB:C1', '18:00'],
    ]);
    expect((await app.slash('TA', 'settings')).text).toContain('07:15');
  });

  it('GIVEN a numbered list in A THEN “paper 1” in B does not resolve against it', async () => {
    await twoWorkspaces();
    const search = await app.slash('TA', 'search diffusion transformers');
    expect(search.text).toContain('Diffusion Transformers for Video Generation');
    expect((await app.slash('TA', 'paper 1')).text).toContain('Diffusion Transformers for Video Generation');
    expect((await app.slash('TB', 'paper 1')).text).toContain('There is no numbered list here yet');
  });

  it('GIVEN a shared list in A’s C1 THEN a mention in its thread is answered there with A’s token, and B’s bot in C1 knows no such list', async () => {
    await twoWorkspaces();
    await app.slash('TA', 'search diffusion transformers share', { posted: true });
    const thread = String(app.fake.messages[0]!.ts);
    const mention = (team: string, bot: string, n: number) =>
      app.event(team, {
        type: 'app_mention',
        user: 'U1',
        channel: 'C1',
        text: `<@${bot}> paper 1`,
        ts: `1700000000.00000${n}`,
        thread_ts: thread,
      });
    expect(await mention('TA', a.botUserId, 1)).toBe(200);
    expect(await mention('TB', b.botUserId, 2)).toBe(200);
    await waitFor(() => postsWith(b.botToken).length === 1 && postsWith(a.botToken).length === 2, 10_000, 'both answers');
    const [, inA] = postsWith(a.botToken);
    expect(inA!.body).toMatchObject({ channel: 'C1', thread_ts: thread });
    expect(String(inA!.body['text'])).toContain('Diffusion Transformers for Video Generation');
    expect(String(postsWith(b.botToken)[0]!.body['text'])).toContain('no numbered list');
  });

  it('GIVEN a feedback button clicked in B THEN the like is B’s: A’s channel and user of the same ids have none', async () => {
    await twoWorkspaces();
    const click = blockActionsPayload({ actionId: 'paperboy_like', value: '2512.00003', responseUrl: app.fake.responseUrl('click') });
    const inB = { ...click, team: { id: 'TB', domain: 'b' }, user: { ...(click['user'] as object), team_id: 'TB' } };
    expect((await sendSignedInteraction(`${app.base}/slack/events`, SIGNING_SECRET, inB)).status).toBe(200);
    await waitFor(() => app.fake.responses.find((r) => r.id === 'click'), 10_000, 'the click answer');
    expect((await app.slash('TB', 'taste')).text).toContain('1 like');
    expect((await app.slash('TA', 'taste')).text).toContain('0 likes');
  });

  it('GIVEN a 👍 on B’s post of one paper THEN the message is read with B’s token and the like is B’s', async () => {
    await twoWorkspaces();
    await app.slash('TB', 'paper 2512.00003 share', { posted: true });
    const ts = String(app.fake.messages[0]!.ts);
    const reaction = { type: 'reaction_added', user: 'U1', reaction: '+1', item: { type: 'message', channel: 'C1', ts }, event_ts: ts };
    expect(await app.event('TB', reaction)).toBe(200);
    await expect.poll(async () => (await app.slash('TB', 'taste')).text).toContain('1 like');
    expect(app.fake.calls.filter((c) => c.method !== 'auth.test' && c.token === a.botToken)).toHaveLength(0);
    expect(app.fake.callsTo('conversations.history').map((c) => c.token)).toEqual([b.botToken]);
    expect((await app.slash('TA', 'taste')).text).toContain('0 likes');
  });

  it('GIVEN U1 saves a paper in A THEN U1 of B has saved nothing, and B’s likes are not A’s', async () => {
    await twoWorkspaces();
    await app.slash('TA', 'save 2512.00001');
    await app.slash('TA', 'like 2512.00003');
    expect((await app.slash('TA', 'saved')).text).toContain('Diffusion Transformers for Video Generation');
    expect((await app.slash('TB', 'saved')).text).toContain('Your reading list is empty');
    expect((await app.slash('TA', 'taste')).text).toContain('1 like');
    expect((await app.slash('TB', 'taste')).text).toContain('0 likes, 0 dislikes and 0 saves');
  });

  it('GIVEN app_uninstalled from A THEN A’s installation and digests go, its commands are refused (401), and B goes on', async () => {
    await twoWorkspaces();
    await app.slash('TA', 'subscribe 07:15 UTC');
    await app.slash('TB', 'subscribe 07:15 UTC');
    expect(await app.event('TA', { type: 'app_uninstalled' })).toBe(200);
    app.fake.revokeWorkspace('TA');
    await expect.poll(() => app.store.installations.forTeam('TA')).toBeUndefined();
    expect(app.store.subscriptions.list().map((s) => s.channelId)).toEqual(['TB:C1']);
    const before = app.fake.responses.length;
    expect((await app.slash('TA', 'settings')).status).toBe(401);
    expect((await app.slash('TB', 'settings')).text).toContain('07:15');
    expect(app.fake.responses.length).toBe(before + 1);
  });

  it('GIVEN tokens_revoked naming B’s bot THEN B is removed; a revoked user token alone removes nothing', async () => {
    await twoWorkspaces();
    expect(await app.event('TA', { type: 'tokens_revoked', tokens: { oauth: ['UADMINTA'] } })).toBe(200);
    expect(await app.event('TB', { type: 'tokens_revoked', tokens: { bot: [b.botUserId] } })).toBe(200);
    await expect.poll(() => app.store.installations.forTeam('TB')).toBeUndefined();
    expect(app.store.installations.forTeam('TA')).toBeDefined();
    expect((await app.slash('TB', 'settings')).status).toBe(401);
  });

  it('GIVEN both workspaces subscribed in their C1 THEN the scheduler posts each digest with that workspace’s token, and none after an uninstall', async () => {
    await twoWorkspaces();
    const started = new Date();
    const due = new Date(Math.ceil((started.getTime() + 1) / 60_000) * 60_000);
    const date = due.toISOString().slice(0, 10);
    seedListing(
      app.store,
      date,
      ['Sparse Attention at Scale', 'Diffusion Policies for Robots'],
      new Date(started.getTime() - 3_600_000).toISOString(),
    );
    const time = due.toISOString().slice(11, 16);
    await app.slash('TA', `subscribe ${time} UTC days:daily`);
    await app.slash('TB', `subscribe ${time} UTC days:daily`);
    const scheduler = createScheduler({
      store: app.store,
      llm: new OfflineSummariser(),
      adapters: { slack: app.adapter },
      log: silentLogger,
      now: () => new Date(due.getTime() + 60_000),
      instanceId: 'test',
    });
    const report = await scheduler.tick(new Date(due.getTime() + 60_000));
    expect(report.deliveries.map((d) => [d.subscription.channelId, d.outcome.status])).toEqual([
      ['TA:C1', 'posted'],
      ['TB:C1', 'posted'],
    ]);
    expect(postsWith(a.botToken).map((c) => c.body['channel'])).toEqual(['C1']);
    expect(postsWith(b.botToken).map((c) => c.body['channel'])).toEqual(['C1']);
    expect(String(postsWith(a.botToken)[0]!.body['text'])).toContain('Sparse Attention at Scale');
    await scheduler.stop();
  });

  it('GIVEN A was uninstalled after subscribing THEN the next day’s tick posts B’s digest only', async () => {
    await twoWorkspaces();
    const started = new Date();
    const due = new Date(Math.ceil((started.getTime() + 1) / 60_000) * 60_000);
    const date = due.toISOString().slice(0, 10);
    seedListing(app.store, date, ['Sparse Attention at Scale'], new Date(started.getTime() - 3_600_000).toISOString());
    const time = due.toISOString().slice(11, 16);
    await app.slash('TA', `subscribe ${time} UTC days:daily`);
    await app.slash('TB', `subscribe ${time} UTC days:daily`);
    await app.event('TA', { type: 'app_uninstalled' });
    await expect.poll(() => app.store.installations.forTeam('TA')).toBeUndefined();
    const later = new Date(due.getTime() + 60_000);
    const scheduler = createScheduler({
      store: app.store,
      llm: new OfflineSummariser(),
      adapters: { slack: app.adapter },
      log: silentLogger,
      now: () => later,
      instanceId: 'test',
    });
    const report = await scheduler.tick(later);
    expect(report.deliveries.map((d) => d.subscription.channelId)).toEqual(['TB:C1']);
    expect(postsWith(a.botToken)).toHaveLength(0);
    await scheduler.stop();
  });

  it('GIVEN Slack takes A’s digest but answers 500 THEN the scheduler looks for it with A’s token and it appears once', async () => {
    await twoWorkspaces();
    const started = new Date();
    const due = new Date(Math.ceil((started.getTime() + 1) / 60_000) * 60_000);
    seedListing(
      app.store,
      due.toISOString().slice(0, 10),
      ['Sparse Attention at Scale'],
      new Date(started.getTime() - 3_600_000).toISOString(),
    );
    await app.slash('TA', `subscribe ${due.toISOString().slice(11, 16)} UTC days:daily`);
    app.fake.failNext('chat.postMessage', { status: 500, afterPosting: true });
    const later = new Date(due.getTime() + 60_000);
    const scheduler = createScheduler({
      store: app.store,
      llm: new OfflineSummariser(),
      adapters: { slack: app.adapter },
      log: silentLogger,
      now: () => later,
      instanceId: 'test',
    });
    const report = await scheduler.tick(later);
    expect(report.deliveries.map((d) => d.outcome.status)).toEqual(['posted']);
    expect(app.fake.messages).toHaveLength(1);
    expect(app.fake.callsTo('conversations.history').map((c) => [c.token, c.body['channel']])).toEqual([[a.botToken, 'C1']]);
    await scheduler.stop();
  });
});
