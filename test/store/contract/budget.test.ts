import { expect, it } from 'vitest';
import { describeRepos } from './repos.ts';

const C1 = { platform: 'slack', id: 'C1' } as const;

describeRepos('channel budget store contract', (open) => {
  it('GIVEN settings changed one at a time THEN each keeps the other, and null clears one', async () => {
    const { budget } = await open();
    expect(await budget.settings(C1)).toEqual({});
    await budget.update(C1, { budgetTokens: 50_000 });
    expect(await budget.settings(C1)).toEqual({ budgetTokens: 50_000 });
    await budget.update(C1, { language: 'de' });
    expect(await budget.settings(C1)).toEqual({ budgetTokens: 50_000, language: 'de' });
    await budget.update(C1, { budgetTokens: 6_000_000_000 });
    expect(await budget.settings(C1)).toEqual({ budgetTokens: 6_000_000_000, language: 'de' });
    await budget.update(C1, { budgetTokens: null });
    expect(await budget.settings(C1)).toEqual({ language: 'de' });
    await budget.update(C1, { budgetTokens: 0, language: null });
    expect(await budget.settings(C1)).toEqual({ budgetTokens: 0 });
    await budget.update(C1, { language: '' });
    expect(await budget.settings(C1)).toEqual({ budgetTokens: 0 });
    expect(await budget.settings({ platform: 'discord', id: 'C1' })).toEqual({});
  });

  it('GIVEN the budget and the language set at once THEN both are kept', async () => {
    const { budget } = await open();
    await Promise.all([budget.update(C1, { budgetTokens: 1000 }), budget.update(C1, { language: 'fr' })]);
    expect(await budget.settings(C1)).toEqual({ budgetTokens: 1000, language: 'fr' });
  });

  it('GIVEN charges THEN they add up per channel and day, rounded; nothing, negative or NaN charges nothing', async () => {
    const { budget } = await open();
    expect(await budget.used(C1, '2026-06-01')).toBe(0);
    await budget.charge(C1, '2026-06-01', 100);
    await budget.charge(C1, '2026-06-01', 2.6);
    await budget.charge(C1, '2026-06-01', 0);
    await budget.charge(C1, '2026-06-01', -50);
    await budget.charge(C1, '2026-06-01', Number.NaN);
    await budget.charge(C1, '2026-06-02', 5_000_000_000);
    await budget.charge({ platform: 'discord', id: 'C1' }, '2026-06-01', 7);
    expect(await budget.used(C1, '2026-06-01')).toBe(103);
    expect(await budget.used(C1, '2026-06-02')).toBe(5_000_000_000);
    expect(await budget.used({ platform: 'discord', id: 'C1' }, '2026-06-01')).toBe(7);
    await Promise.all(Array.from({ length: 10 }, () => budget.charge(C1, '2026-06-03', 10)));
    expect(await budget.used(C1, '2026-06-03')).toBe(100);
  });
});
