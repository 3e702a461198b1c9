import { expect, it } from 'vitest';
import { describeRepos } from './repos.ts';

const entry = (key: string, value: unknown) => ({ key, task: 'summary', model: 'gpt-x', promptVersion: 'v1', paperIds: [1, 2], value });

describeRepos('LLM cache store contract', (open) => {
  it('GIVEN cached results THEN each comes back as it was put, null included; a new one for the key replaces it', async () => {
    const { llm } = await open();
    expect(await llm.get('k1')).toBeUndefined();
    const value = { summary: 'Ünïcode “quotes” and 🙂', bullets: ['a', 'b'], score: 0.5, nested: { ok: true } };
    await llm.put(entry('k1', value));
    await llm.put(entry('k2', null));
    await llm.put(entry('k3', 'plain text'));
    expect(await llm.get('k1')).toEqual(value);
    expect(await llm.get('k2')).toBeNull();
    expect(await llm.get('k3')).toBe('plain text');
    await llm.put(entry('k1', [1, 2, 3]), new Date('2026-06-02T00:00:00Z'));
    expect(await llm.get('k1')).toEqual([1, 2, 3]);
  });

  it('GIVEN calls counted THEN usage sums them per model in byte order, whole and never negative, from a day on', async () => {
    const { llm } = await open();
    expect(await llm.usage()).toEqual([]);
    await llm.addUsage('2026-06-01', 'gpt-4o-mini', 100.4, 20.6);
    await llm.addUsage('2026-06-01', 'gpt-4o-mini', -5, 10);
    await llm.addUsage('2026-06-02', 'gpt-4o-mini', 3_000_000_000, 3_000_000_000);
    await llm.addUsage('2026-06-02', 'gpt-4o', 1, 2);
    await llm.addUsage('2026-06-03', 'Claude', 7, 8);
    expect(await llm.usage()).toEqual([
      { model: 'Claude', calls: 1, promptTokens: 7, completionTokens: 8 },
      { model: 'gpt-4o', calls: 1, promptTokens: 1, completionTokens: 2 },
      { model: 'gpt-4o-mini', calls: 3, promptTokens: 3_000_000_100, completionTokens: 3_000_000_031 },
    ]);
    expect(await llm.usage('2026-06-02')).toEqual([
      { model: 'Claude', calls: 1, promptTokens: 7, completionTokens: 8 },
      { model: 'gpt-4o', calls: 1, promptTokens: 1, completionTokens: 2 },
      { model: 'gpt-4o-mini', calls: 1, promptTokens: 3_000_000_000, completionTokens: 3_000_000_000 },
    ]);
    expect(await llm.usage('2026-06-04')).toEqual([]);
  });

  it('GIVEN calls counted at once THEN none is lost', async () => {
    const { llm } = await open();
    await Promise.all(Array.from({ length: 20 }, () => llm.addUsage('2026-06-01', 'm', 10, 1)));
    expect(await llm.usage()).toEqual([{ model: 'm', calls: 20, promptTokens: 200, completionTokens: 20 }]);
  });
});
