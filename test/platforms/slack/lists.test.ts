/**
 * Whose "paper 1" is it? The real commands, the real Bolt app and the real digest delivery against the fake
 * Slack: private lists per user, the channel's digest as its shared list, a busy digest thread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostedRef } from '../../../src/platforms/types.ts';
import type { Store } from '../../../src/store/store.ts';
import { sendSignedEvent, waitFor, type SlackFake } from '../../fakes/slack.ts';
import { startCommandsOnSlack, type CommandsOnSlack } from './commands-harness.ts';
import { mentionEnvelope, RESEARCH, SIGNING_SECRET } from './harness.ts';

describe('numbered lists on Slack (real commands, real Bolt app, fake Slack)', () => {
  let slack: CommandsOnSlack;
  let fake: SlackFake;
  let store: Store;
  let endpoint: string;
  let mentionsSent = 0;
  beforeAll(async () => {
    slack = await startCommandsOnSlack();
    ({ fake, store, endpoint } = slack);
  });
  afterAll(() => slack.close());

  const title = (arxivId: string) => store.papers.getByArxivId(arxivId)!.title;
  /** The title numbered 1 in a list answer's text ("1. Title (▲40)"). */
  const firstListed = (text: string) => /^1\. (.+?)(?: \(▲\d+\))?$/m.exec(text)![1]!;
  /** `/papers <text>` by a user in #research; resolves with the text of the answer at its response_url. */
  const slash = async (userId: string, text: string): Promise<string> => (await slack.slash(userId, text)).text;
  const mention = async (userId: string, thread: PostedRef, text: string, eventId: string): Promise<string> => {
    const before = fake.messages.filter((m) => m.thread_ts === thread.threadId).length;
    const envelope = mentionEnvelope(eventId, {
      text: `<@UBOT> ${text}`,
      ts: `1700000300.0000${mentionsSent++}`,
      thread_ts: thread.threadId,
    });
    (envelope.event as Record<string, unknown>)['user'] = userId;
    await sendSignedEvent(endpoint, SIGNING_SECRET, envelope);
    const reply = await waitFor(
      () => fake.messages.filter((m) => m.thread_ts === thread.threadId)[before],
      10_000,
      `the answer to ${text}`,
    );
    return String(reply.text);
  };

  it('GIVEN two users each search privately in one channel THEN each one’s "paper 1" is from their own list', async () => {
    const videoFirst = firstListed(await slash('U1', 'search video'));
    const agentsFirst = firstListed(await slash('U2', 'search agents plan'));
    expect(videoFirst).not.toBe(agentsFirst);

    expect((await slash('U1', 'paper 1')).startsWith(videoFirst)).toBe(true);
    expect((await slash('U2', 'paper 1')).startsWith(agentsFirst)).toBe(true);
    // Someone who listed nothing is not handed a colleague's private list.
    expect(await slash('U3', 'paper 1')).toMatch(/^There is no numbered list here yet/);
  });

  let digest: PostedRef;
  it('GIVEN a posted digest THEN "/papers compare 1 2" in the channel compares its first two papers', async () => {
    const outcome = await slack.postDigest(RESEARCH, '2025-12-18');
    digest = outcome.posted;
    const [one, two] = outcome.titles;
    const footer = JSON.stringify(fake.messages.find((m) => m.ts === digest.messageId)!.blocks);
    expect(footer).toContain('in the channel, or “@paperboy compare 1 2” in the digest’s thread.');

    const compared = await slash('U3', 'compare 1 2');
    expect(compared).toContain(`[1] ${one}`);
    expect(compared).toContain(`[2] ${two}`);
    expect(compared).not.toContain('of your');

    // U1's own search still numbers U1's refs, and the answer says which list it used.
    const own = await slash('U1', 'compare 1 2');
    expect(own).toContain(
      `[1] ${store.papers.get(store.lists.get({ channel: RESEARCH, threadId: '', userId: 'U1' })!.paperIds[0]!)!.title}`,
    );
    expect(own).toContain('Papers 1 and 2 of your search “video”.');
  });

  it('GIVEN someone searches inside the digest thread THEN the thread keeps the digest’s numbering for everyone else', async () => {
    const digestFirst = store.papers.get(store.lists.load(RESEARCH, digest.threadId)![0]!)!.title;
    const mambaFirst = firstListed(await mention('U2', digest, 'search mamba', 'Ev-busy-1'));
    expect(mambaFirst).not.toBe(digestFirst);
    expect((await mention('U3', digest, 'paper 1', 'Ev-busy-2')).startsWith(digestFirst)).toBe(true);
    expect((await mention('U2', digest, 'paper 1', 'Ev-busy-3')).startsWith(mambaFirst)).toBe(true);
  });
});
