/**
 * Whose "paper 1" is it? The real commands, real discord.js and the real digest delivery against the fake
 * Discord: private lists per user in one channel, and the channel's posted digest as its shared list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { type DiscordAdapter } from '../../../src/platforms/discord/index.ts';
import type { ChannelRef } from '../../../src/platforms/types.ts';
import type { Store } from '../../../src/store/store.ts';
import type { FakeDiscord } from '../../fakes/discord.ts';
import { startCommandsOnDiscord, type CommandsOnDiscord } from './commands-harness.ts';
import { waitFor } from './harness.ts';

const U1 = '200000000000000001';
const U2 = '200000000000000002';
const U3 = '200000000000000003';

describe('numbered lists on Discord (real commands, real discord.js, fake Discord)', () => {
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

  /** `/papers <sub> <option>:<value>` by a user in the channel; resolves with the answer (the edited original) as JSON. */
  const slash = async (userId: string, sub: string, option: string, value: string): Promise<string> => {
    const data = { name: 'papers', options: [{ type: 1, name: sub, options: [{ type: 3, name: option, value }] }] };
    const { token } = fake.interact(data, { userId });
    const edit = await waitFor(() => fake.requests.find((r) => r.method === 'PATCH' && r.path.includes(token)));
    return JSON.stringify(edit.body);
  };
  const listed = (userId: string) => store.lists.get({ channel, threadId: '', userId })!.paperIds.map((id) => store.papers.get(id)!.title);

  it('GIVEN two users each search privately in one channel THEN each one’s "paper 1" is from their own list', async () => {
    await slash(U1, 'search', 'query', 'video');
    await slash(U2, 'search', 'query', 'agents plan');
    const [video, agents] = [listed(U1)[0]!, listed(U2)[0]!];
    expect(video).not.toBe(agents);

    expect(await slash(U1, 'paper', 'ref', '1')).toContain(video);
    expect(await slash(U2, 'paper', 'ref', '1')).toContain(agents);
    expect(await slash(U3, 'paper', 'ref', '1')).toContain('There is no numbered list here yet');
  });

  it('GIVEN a posted digest THEN "/papers compare 1 2" in the channel compares its first two papers', async () => {
    const outcome = await discord.postDigest();
    const [one, two] = outcome.paperIds.map((id) => store.papers.get(id)!.title);
    const footer = JSON.stringify(fake.messagesIn(channel.id).at(-1));
    expect(footer).toContain('in the channel or the digest’s thread');

    const compared = await slash(U3, 'compare', 'refs', '1 2');
    expect(compared).toContain(one);
    expect(compared).toContain(two);
    expect(compared).not.toContain('of your');
    expect(await slash(U1, 'compare', 'refs', '1 2')).toContain('Papers 1 and 2 of your search “video”.');
  });
});
