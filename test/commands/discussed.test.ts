/** What counts as discussing a paper here (watched for follow-ups, src/scheduler/followups.ts). */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { CHANNEL, harness } from './harness.ts';

const THREAD = { channel: CHANNEL, messageId: '1700000000.000100', threadId: '1700000000.000100' };

const discussions = (store: Store) =>
  store.db
    .prepare('SELECT p.arxiv_id AS paper, d.thread_id AS thread FROM paper_discussions d JOIN papers p ON p.id = d.paper_id ORDER BY 1, 2')
    .all();

describe('a paper discussed in a channel', () => {
  it('GIVEN paper, why and related in a digest thread THEN the paper counts as discussed there; alone in the channel they do not', async () => {
    const { run, store } = harness();
    await run('paper 2512.00001');
    await run('why 2512.00001');
    await run('related 2512.00001');
    expect(discussions(store)).toEqual([]);
    await run('paper 2512.00001', { thread: THREAD });
    await run('why 2512.00003', { thread: THREAD });
    await run('related 2512.00004', { thread: THREAD });
    expect(discussions(store)).toEqual(['2512.00001', '2512.00003', '2512.00004'].map((paper) => ({ paper, thread: THREAD.threadId })));
  });

  it('GIVEN a question asked about a paper THEN it is discussed and a weak taste signal, like a summary', async () => {
    const { run, store } = harness();
    await run('ask 2512.00001 what dataset does it use?');
    expect(discussions(store)).toEqual([{ paper: '2512.00001', thread: '' }]);
    expect(store.feedback.ofChannel(CHANNEL)).toEqual([expect.objectContaining({ asked: 1 })]);
  });
});
