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
});
