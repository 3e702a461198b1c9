/**
 * Discord takes at most 25 subcommands and 4,000 characters per command: the reading-group commands sit under
 * their own root, `/papers-reading claim`, and an interaction from it reaches the same command (real discord.js, fake Discord).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { buildCommandSet } from '../../src/platforms/discord/commands.ts';
import { waitFor } from '../fakes/slack.ts';
import { startCommandsOnDiscord, type CommandsOnDiscord } from '../platforms/discord/commands-harness.ts';

const READING = ['shortlist', 'claim', 'unclaim', 'schedule', 'agenda', 'cancel'];

describe('the reading group on Discord', () => {
  it('GIVEN the whole registry THEN the reading commands are /papers-reading’s subcommands and not /papers’s', () => {
    const set = buildCommandSet(commands);
    const reading = set.find((c) => c.name === 'papers-reading')!;
    expect(reading.options!.map((o) => [o.type, o.name])).toEqual(READING.map((name) => [1, name]));
    expect(set.find((c) => c.name === 'papers')!.options!.filter((o) => READING.includes(o.name))).toEqual([]);
  });

  describe('through discord.js', () => {
    let discord: CommandsOnDiscord;
    beforeAll(async () => {
      discord = await startCommandsOnDiscord();
    });
    afterAll(() => discord.close());

    /** `/papers-reading <sub> <option>:<value>`; the answer as JSON, whichever way it was sent. */
    const slash = async (sub: string, option: Record<string, string>): Promise<string> => {
      const values = Object.entries(option).map(([name, value]) => ({ type: 3, name, value }));
      const data = { name: 'papers-reading', options: [{ type: 1, name: sub, options: values }] };
      const { token } = discord.fake.interact(data, { userId: 'U1' });
      const answer = await waitFor(
        () => discord.fake.requests.find((r) => r.path.includes(token) && /present|Reading group|Nothing/.test(JSON.stringify(r.body))),
        10_000,
        `the answer to ${sub}`,
      );
      return JSON.stringify(answer.body);
    };

    it('GIVEN /papers-reading claim and schedule THEN they run, and agenda shows the session', async () => {
      expect(await slash('claim', { ref: '2512.00003' })).toMatch(/will present “Agents That Plan/);
      expect(await slash('schedule', { ref: '2512.00003', day: '2026-12-10', time: '15:00', tz: 'Europe/Berlin' })).toMatch(
        /Reading group Thu 10 Dec 2026 at 15:00 \(Europe\/Berlin\)/,
      );
      const agenda = await slash('agenda', {});
      expect(agenda).toMatch(/Agents That Plan/);
      expect(agenda).toMatch(/presented by/);
      expect(discord.store.readingGroup.upcoming(discord.channel, '2000-01-01')).toHaveLength(1);
    });
  });
});
