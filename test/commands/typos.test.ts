import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { closestCommand } from '../../src/dispatch/suggest.ts';
import { harness, textOf } from './harness.ts';

describe('a mistyped command', () => {
  it.each([
    ['serach diffusion', 'There is no command “serach”: did you mean “/papers search diffusion”?'],
    ['compre 1 2', 'There is no command “compre”: did you mean “/papers compare 1 2”?'],
    ['summ 3', 'There is no command “summ”: did you mean “/papers summarize 3”?'],
    ['subscirbe 09:00 CET', 'There is no command “subscirbe”: did you mean “/papers subscribe 09:00 CET”?'],
    ['frobnicate', 'There is no command “frobnicate”.'],
  ])('%s → %s', async (typed, line) => {
    const reply = await harness().run(typed);
    expect(reply.tone).toBe('error');
    expect(textOf(reply).split('\n')[0]).toBe(line);
  });

  it('help for a mistyped command suggests the right one', async () => {
    expect(textOf(await harness().run('help setings'))).toContain('There is no command “setings”: did you mean “help settings”?');
  });

  it('guesses only when one command is clearly closest', () => {
    expect(closestCommand('tpo', commands)).toBe('top');
    expect(closestCommand('summary', commands)).toBe('summarize');
    expect(closestCommand('xyz', commands)).toBeUndefined();
    expect(closestCommand('s', commands)).toBeUndefined();
  });
});
