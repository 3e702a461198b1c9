import { afterEach, describe, expect, it } from 'vitest';
import { defineCommand } from '../../../src/dispatch/define.ts';
import { notice } from '../../../src/message/build.ts';
import { buildCommandSet, commandSize, inviteUrl, registerCommands } from '../../../src/platforms/discord/commands.ts';
import { commandHint } from '../../../src/core/hints.ts';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord.ts';
import { testCommands } from './harness.ts';
import { commands } from '../../../commands/index.ts';

const withChoice = defineCommand({
  name: 'top',
  description: 'Top papers',
  options: {
    period: { type: 'choice', description: 'Which period', choices: ['day', 'week', 'month'], default: 'day' },
    code: { type: 'boolean', description: 'Only papers with code' },
  },
  examples: ['top week'],
  visibility: 'ephemeral',
  run: async () => notice('ok'),
});

describe('Discord application commands', () => {
  let fake: FakeDiscord | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('GIVEN the registry THEN one /papers command with a typed subcommand per module, required options first', () => {
    const [root, ...others] = buildCommandSet([...testCommands, withChoice]);
    expect(others).toEqual([]);
    expect(root).toMatchObject({ name: 'papers', type: 1 });
    const search = root!.options!.find((o) => o.name === 'search')!;
    expect(search).toMatchObject({ type: 1, description: 'Search stored papers by title' });
    expect((search as { options: unknown[] }).options).toEqual([
      { type: 3, name: 'query', description: 'Words from the title', required: true, autocomplete: true },
      { type: 4, name: 'limit', description: 'How many results (default 5)', min_value: 1, max_value: 60 },
      { type: 5, name: 'share', description: 'Post the answer in the channel for everyone' },
    ]);
    const top = root!.options!.find((o) => o.name === 'top') as { options: unknown[] };
    expect(top.options[0]).toEqual({
      type: 3,
      name: 'period',
      description: 'Which period (default day)',
      choices: [
        { name: 'day', value: 'day' },
        { name: 'week', value: 'week' },
        { name: 'month', value: 'month' },
      ],
    });
    expect(top.options).toEqual([top.options[0], { type: 5, name: 'code', description: 'Only papers with code' }]);
    expect(root!.options!.find((o) => o.name === 'slow')).toEqual({
      type: 1,
      name: 'slow',
      description: 'Takes longer than the 3 s interaction deadline',
      options: [],
    });
  });

  it('GIVEN more than 25 commands THEN building fails with the reason', () => {
    const many = Array.from({ length: 26 }, (_, i) => ({ ...withChoice, name: `c${i}` }));
    expect(() => buildCommandSet(many)).toThrow(/25 subcommands/);
  });

  it('GIVEN register for a guild THEN a GET then one bulk PUT; a second register with the same set sends no PUT', async () => {
    fake = await startFakeDiscord();
    const options = {
      token: 'MTAx.fake.token',
      applicationId: fake.ids.app,
      guildId: fake.ids.guild,
      apiUrl: fake.apiUrl,
      commands: testCommands,
    };
    const route = `/applications/${fake.ids.app}/guilds/${fake.ids.guild}/commands`;

    expect(await registerCommands(options)).toEqual({ scope: 'guild', changed: true, names: ['papers'] });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${route}`, `PUT ${route}`]);
    const put = fake.requests[1]!;
    expect(put.headers.authorization).toBe('Bot MTAx.fake.token');
    expect(put.body).toEqual(buildCommandSet(testCommands));

    expect(await registerCommands(options)).toEqual({ scope: 'guild', changed: false, names: ['papers'] });
    expect(fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);

    await registerCommands({ ...options, commands: [...testCommands, withChoice] });
    expect(fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(2);
  });

  it('GIVEN the whole registry THEN it registers within Discord’s limits, grouped roots included, and hints name the right root', async () => {
    fake = await startFakeDiscord();
    const options = { token: 'MTAx.fake.token', applicationId: fake.ids.app, apiUrl: fake.apiUrl, commands };
    const result = await registerCommands(options);
    expect(result.names).toEqual(['papers', 'papers-team', 'papers-reading']);
    expect(fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    for (const command of buildCommandSet(commands)) expect(commandSize(command)).toBeLessThanOrEqual(4000);
    expect(commandHint('discord', 'papers', 'claim 2')).toBe('/papers-reading claim 2');
    expect(commandHint('discord', 'papers', 'search x')).toBe('/papers search x');
    expect(commandHint('slack', 'papers', 'claim 2')).toBe('/papers claim 2');
  });

  it('GIVEN a command over 4,000 characters THEN building fails with the reason, and the fake Discord refuses it too', async () => {
    const wordy = Array.from({ length: 24 }, (_, i) => ({ ...withChoice, name: `c${i}`, description: 'x'.repeat(98) + i }));
    expect(() => buildCommandSet(wordy)).toThrow(/4000 characters/);
    fake = await startFakeDiscord();
    const body = [
      { name: 'papers', description: 'd', options: wordy.map((c) => ({ type: 1, name: c.name, description: c.description.repeat(3) })) },
    ];
    const response = await fetch(`${fake.apiUrl}/v10/applications/${fake.ids.app}/commands`, {
      method: 'PUT',
      headers: { authorization: 'Bot MTAx.fake.token', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
  });

  it('GIVEN register without a guild THEN the global commands are written', async () => {
    fake = await startFakeDiscord();
    const result = await registerCommands({
      token: 'MTAx.fake.token',
      applicationId: fake.ids.app,
      apiUrl: fake.apiUrl,
      commands: testCommands,
    });
    expect(result.scope).toBe('global');
    expect(fake.requests.at(-1)).toMatchObject({ method: 'PUT', path: `/applications/${fake.ids.app}/commands` });
  });

  it('GIVEN an application id THEN the invite URL asks for bot + applications.commands and the digest permissions', () => {
    const url = new URL(inviteUrl('123'));
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    // View Channel, Send Messages, Embed Links, Read Message History, Create Public Threads, Send Messages in Threads.
    expect(url.searchParams.get('permissions')).toBe(String(1024 + 2048 + 16384 + 65536 + 2 ** 35 + 2 ** 38));
  });
});
