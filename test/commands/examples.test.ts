import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { parseArgs } from '../../src/dispatch/args.ts';
import { usageOf } from '../../src/dispatch/usage.ts';
import { harness, textOf } from './harness.ts';

describe('every command', () => {
  const cases = commands.flatMap((command) => command.examples.map((example) => [command.name, example] as const));

  it.each(cases)('%s: “%s” parses', (name, example) => {
    const command = commands.find((c) => c.name === name)!;
    const [word, ...rest] = example.split(' ');
    expect([command.name, ...(command.aliases ?? [])]).toContain(word);
    expect(() => parseArgs(command.options, rest.join(' '), usageOf(command))).not.toThrow();
  });

  it('help lists every command with its usage and description', async () => {
    const text = textOf(await harness().run('help'));
    for (const command of commands) {
      expect(text).toContain(`/papers ${usageOf(command)}`);
      expect(text).toContain(command.description);
    }
  });

  it('help <command> shows usage, option help and examples', async () => {
    const reply = await harness().run('help search');
    const text = textOf(reply);
    expect(reply.blocks[0]).toEqual({ type: 'header', text: '/papers search <query…> [limit] [share]' });
    expect(text).toContain('limit:N (default 10): How many results (1-50)');
    expect(text).toContain('/papers search author:Karpathy');
  });

  it('help knows aliases and rejects unknown commands', async () => {
    const { run } = harness();
    expect(textOf(await run('help summarise'))).toContain('Also: summarise, summary.');
    const unknown = await run('help frobnicate');
    expect(unknown.tone).toBe('error');
    expect(textOf(unknown)).toMatch(/There is no command “frobnicate”/);
  });

  it('declares share on the list commands and slow on the LLM ones', () => {
    for (const name of ['search', 'top', 'digest', 'paper', 'summarize', 'compare']) {
      expect(commands.find((c) => c.name === name)?.options.share?.type).toBe('boolean');
    }
    expect(
      commands
        .filter((c) => c.slow)
        .map((c) => c.name)
        .sort(),
    ).toEqual(['ask', 'compare', 'summarize']);
  });
});
