import { expect, it } from 'vitest';
import { describeRepos } from './repos.ts';

const C1 = { platform: 'slack', id: 'C1' } as const;
const at = new Date('2026-06-01T10:00:00Z');

describeRepos('numbered list store contract', (open) => {
  it('GIVEN lists per place and audience THEN each is kept apart, with its label and time, and a new one replaces the old', async () => {
    const { lists } = await open();
    const key = (threadId: string, userId: string) => ({ channel: C1, threadId, userId });
    expect(await lists.get(key('', ''))).toBeUndefined();
    await lists.put(key('', ''), { paperIds: [3, 1, 2] }, at);
    await lists.put(key('', 'U1'), { paperIds: [9], label: 'your search “sparse attention”' }, at);
    await lists.put(key('T1', ''), { paperIds: [] }, at);
    await lists.put({ channel: { platform: 'discord', id: 'C1' }, threadId: '', userId: '' }, { paperIds: [7] }, at);
    expect(await lists.get(key('', ''))).toEqual({ paperIds: [3, 1, 2], label: '', createdAt: '2026-06-01T10:00:00.000Z' });
    expect(await lists.get(key('', 'U1'))).toEqual({
      paperIds: [9],
      label: 'your search “sparse attention”',
      createdAt: '2026-06-01T10:00:00.000Z',
    });
    expect(await lists.get(key('T1', ''))).toMatchObject({ paperIds: [] });
    expect(await lists.get(key('T1', 'U1'))).toBeUndefined();
    await lists.put(key('', 'U1'), { paperIds: [4, 5] }, new Date('2026-06-02T10:00:00Z'));
    expect(await lists.get(key('', 'U1'))).toEqual({ paperIds: [4, 5], label: '', createdAt: '2026-06-02T10:00:00.000Z' });
    expect(await lists.get(key('', ''))).toMatchObject({ paperIds: [3, 1, 2] });
  });

  it('GIVEN shared lists THEN load takes the thread’s, else the channel’s, never one person’s', async () => {
    const { lists } = await open();
    expect(await lists.load(C1)).toBeUndefined();
    expect(await lists.load(C1, 'T1')).toBeUndefined();
    await lists.put({ channel: C1, threadId: '', userId: 'U1' }, { paperIds: [1] });
    expect(await lists.load(C1)).toBeUndefined();
    await lists.save(C1, '', [10, 11], at);
    expect(await lists.load(C1)).toEqual([10, 11]);
    expect(await lists.load(C1, 'T1')).toEqual([10, 11]);
    await lists.save(C1, 'T1', [20], at);
    expect(await lists.load(C1, 'T1')).toEqual([20]);
    expect(await lists.load(C1)).toEqual([10, 11]);
    expect(await lists.get({ channel: C1, threadId: 'T1', userId: '' })).toEqual({
      paperIds: [20],
      label: '',
      createdAt: '2026-06-01T10:00:00.000Z',
    });
    expect(await lists.load({ platform: 'discord', id: 'C1' })).toBeUndefined();
  });

  it('GIVEN putFirst THEN only the first list of a place is kept; extend appends what is new, concurrent extensions included', async () => {
    const { lists } = await open();
    const thread = { channel: C1, threadId: 'T1', userId: '' };
    expect(await lists.putFirst(thread, { paperIds: [1, 2], label: 'Daily papers' }, at)).toBe(true);
    expect(await lists.putFirst(thread, { paperIds: [9] }, at)).toBe(false);
    expect(await lists.get(thread)).toMatchObject({ paperIds: [1, 2], label: 'Daily papers' });
    await lists.extend(thread, [2, 3], 'late papers', at);
    expect(await lists.get(thread)).toMatchObject({ paperIds: [1, 2, 3], label: 'Daily papers' });
    await Promise.all([lists.extend(thread, [4], 'x', at), lists.extend(thread, [5], 'x', at), lists.extend(thread, [4, 6], 'x', at)]);
    const after = (await lists.get(thread))!.paperIds;
    expect(after.slice(0, 3)).toEqual([1, 2, 3]);
    expect([...after.slice(3)].sort()).toEqual([4, 5, 6]);
    const fresh = { channel: C1, threadId: 'T2', userId: '' };
    await lists.extend(fresh, [7], 'late papers', at);
    expect(await lists.get(fresh)).toMatchObject({ paperIds: [7], label: 'late papers' });
  });
});
