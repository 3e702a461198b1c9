/**
 * Reactions and Take back on Discord through real discord.js over the fake gateway, with the real commands:
 * 👍 🔥 ⭐ like and 👎 dislike a bot message showing one paper, a reaction delivered twice counts once, taking
 * it off takes the vote back, a digest of several papers ignores reactions, and a vote's private answer
 * carries a "Take back" button that runs `unlike`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { paperList } from '../../../src/message/build.ts';
import { type DiscordAdapter } from '../../../src/platforms/discord/index.ts';
import type { ChannelRef } from '../../../src/platforms/types.ts';
import type { Store } from '../../../src/store/store.ts';
import type { FakeDiscord } from '../../fakes/discord.ts';
import { startCommandsOnDiscord, type CommandsOnDiscord } from './commands-harness.ts';
import { waitFor } from './harness.ts';

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('reactions and Take back on Discord (real discord.js, fake gateway)', () => {
  let fake: FakeDiscord;
  let store: Store;
  let adapter: DiscordAdapter;
  let channel: ChannelRef;
  let discord: CommandsOnDiscord;
  beforeAll(async () => {
    discord = await startCommandsOnDiscord();
    ({ fake, store, adapter, channel } = discord);
  });
  afterAll(() => discord.close());

  const paperId = (arxivId: string) => store.papers.findByTitle('a', 50).find((p) => p.arxivId === arxivId)!.id;
  const votesOn = (arxivId: string) => store.feedback.ofChannel(channel).find((v) => v.paperId === paperId(arxivId));
  const onePaperMessage = async (arxivId: string) => {
    const paper = store.papers.findByTitle('a', 50).find((p) => p.arxivId === arxivId)!;
    const posted = await adapter.post(channel, paperList('One paper', [paper]));
    return await waitFor(() => fake.messagesIn(channel.id).find((m) => m.id === posted.messageId));
  };

  it('asks the gateway for reactions (GuildMessageReactions) besides guilds and guild messages', () => {
    expect(fake.gateway.state.identifies[0]!.intents).toBe(1 | 512 | 1024);
  });

  it('GIVEN 👍 on a one-paper message delivered twice THEN one like; taking it off takes the vote back', async () => {
    const message = await onePaperMessage('2512.00001');
    fake.react(message, '👍');
    await waitFor(() => votesOn('2512.00001')?.likes === 1);
    fake.react(message, '👍');
    await settle();
    expect(votesOn('2512.00001')).toMatchObject({ likes: 1, dislikes: 0 });

    fake.react(message, '👍', { remove: true });
    await waitFor(() => (votesOn('2512.00001')?.likes ?? 0) === 0);
    expect(votesOn('2512.00001')?.dislikes ?? 0).toBe(0);
  });

  it('GIVEN 🔥 and ⭐ like, 👎 dislikes, and another emoji THEN only those count', async () => {
    const message = await onePaperMessage('2512.00003');
    fake.react(message, '🎉');
    await settle();
    expect(votesOn('2512.00003')).toBeUndefined();
    fake.react(message, '👎');
    await waitFor(() => votesOn('2512.00003')?.dislikes === 1);
    fake.react(message, '🔥', { userId: '100000000000000099' });
    await waitFor(() => votesOn('2512.00003')?.likes === 1);
    fake.react(message, '⭐', { userId: '100000000000000098' });
    await waitFor(() => votesOn('2512.00003')?.likes === 2);
  });

  it('GIVEN a reaction on a one-paper message discord.js never saw THEN it fetches the message and counts the vote', async () => {
    const message = fake.storeUnseen(channel.id, {
      content: '**One paper**',
      components: [
        {
          type: 1,
          components: [
            { type: 2, style: 2, label: '👍 1', custom_id: 'paperboy:like:2512.00004' },
            { type: 2, style: 2, label: '👎 1', custom_id: 'paperboy:dislike:2512.00004' },
          ],
        },
      ],
    });
    fake.react(message, '👍');
    await waitFor(() => votesOn('2512.00004')?.likes === 1);
    expect(fake.requests.some((r) => r.method === 'GET' && r.path === `/channels/${channel.id}/messages/${message.id}`)).toBe(true);
  });

  it('GIVEN 👍 on a digest of several papers or on a user’s message THEN no vote', async () => {
    const outcome = await discord.postDigest();
    expect(outcome.paperIds.length).toBeGreaterThan(1);
    const digest = fake.messagesIn(channel.id).find((m) => (m.components as unknown[]).length > 1)!;
    const before = JSON.stringify(store.feedback.ofChannel(channel));
    fake.react(digest, '👍', { userId: '100000000000000097' });
    const own = fake.say(channel.id, 'like paperboy:like:2512.00002', false);
    fake.react(own, '👍', { userId: '100000000000000097' });
    // Gateway events are handled in order: once a later reaction counted, the earlier ones were seen.
    fake.react(await onePaperMessage('2512.00006'), '👍', { userId: '100000000000000097' });
    await waitFor(() => votesOn('2512.00006')?.likes === 1);
    const others = store.feedback.ofChannel(channel).filter((v) => v.paperId !== paperId('2512.00006'));
    expect(JSON.stringify(others)).toBe(before);
  });

  it('GIVEN 👍 clicked THEN the private answer carries Take back, and clicking it takes the vote back', async () => {
    const digest = fake.messagesIn(channel.id).find((m) => (m.components as unknown[]).length > 1)!;
    const user = '100000000000000096';
    const answerTo = (token: string) => fake.requests.find((r) => r.method === 'PATCH' && r.path.endsWith(`/${token}/messages/@original`));
    const click = fake.interact({ custom_id: 'paperboy:like:2512.00002', component_type: 2 }, { type: 3, message: digest, userId: user });
    const answer = await waitFor(() => answerTo(click.token));
    expect(JSON.stringify(answer.body)).toMatch(/Liked “A Survey of Diffusion Models”/);
    expect(answer.body.components).toEqual([
      { type: 1, components: [expect.objectContaining({ type: 2, label: 'Take back', custom_id: 'paperboy:unlike:2512.00002' })] },
    ]);
    expect(votesOn('2512.00002')?.likes).toBe(1);

    const ephemeral = { ...digest, id: String(answer.body.id ?? digest.id), flags: 64, components: answer.body.components };
    const back = fake.interact(
      { custom_id: 'paperboy:unlike:2512.00002', component_type: 2 },
      { type: 3, message: ephemeral, userId: user },
    );
    const undone = await waitFor(() => answerTo(back.token));
    expect(JSON.stringify(undone.body)).toMatch(/Took back your vote on “A Survey of Diffusion Models”/);
    expect(undone.body.components ?? []).toEqual([]);
    expect(votesOn('2512.00002')?.likes ?? 0).toBe(0);
  });
});
