/**
 * The reading group on Slack: the real commands behind the real Bolt app against the fake Slack, and a reminder
 * posted through the real Slack adapter, recognised by its metadata after a crash instead of posted twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reminderReply } from '../../src/core/reading-group-sessions.ts';
import { DEFAULT_CLAIM_POLICY } from '../../src/scheduler/deliver.ts';
import { postReminders, reminderKey } from '../../src/scheduler/reminders.ts';
import { startCommandsOnSlack, type CommandsOnSlack } from '../platforms/slack/commands-harness.ts';
import { RESEARCH } from '../platforms/slack/harness.ts';

describe('reading group on Slack (real commands, real Bolt app, fake Slack)', () => {
  let slack: CommandsOnSlack;
  beforeAll(async () => {
    slack = await startCommandsOnSlack();
  });
  afterAll(() => slack.close());
  const slash = async (userId: string, text: string) => (await slack.slash(userId, text)).text;

  it('shortlist, claim, schedule and agenda answer through /papers; a second claim is told who presents', async () => {
    await slash('U1', 'like 2512.00004');
    await slash('U2', 'like 2512.00004');
    await slash('U1', 'save 2512.00006');
    const shortlist = await slash('U1', 'shortlist');
    expect(shortlist).toMatch(/Reading group shortlist/);
    expect(shortlist).toMatch(/^1\. Mamba Meets Attention.*\n2\. Video Diffusion with Sparse Attention/m);
    expect(await slash('U1', 'claim 1')).toMatch(/ada will present “Mamba Meets Attention: Hybrid Sequence Models”/);
    expect(await slash('U2', 'claim 2512.00004')).toMatch(/ada already presents “Mamba Meets Attention/);
    expect(await slash('U1', 'schedule 1 2026-12-10 15:00 tz:Europe/Berlin')).toMatch(
      /Reading group Thu 10 Dec 2026 at 15:00 \(Europe\/Berlin\)/,
    );
    const agenda = await slack.slash('U2', 'agenda');
    expect(agenda.text).toMatch(/1\. Mamba Meets Attention/);
    expect(agenda.blocks).toMatch(/Thu 10 Dec 2026, 15:00 \(Europe\/Berlin\).*presented by ada/);
  });

  it('a reminder posts once with its key in the message metadata; after a crash the retry finds it in the history', async () => {
    const { store, adapter, fake } = slack;
    // A session starting 62 to 63 minutes from now (UTC), so its reminders fall on the fake's real clock.
    const start = new Date(Math.ceil((Date.now() + 62 * 60_000) / 60_000) * 60_000);
    const [date, time] = [start.toISOString().slice(0, 10), start.toISOString().slice(11, 16)];
    const scheduled = await slack.slash('U1', `schedule 2512.00003 ${date} ${time} tz:UTC remind:1h,30m`);
    expect(scheduled.blocks).toMatch(/Reminders here an hour and 30 minutes before it/);
    const session = store.readingGroup.upcoming(RESEARCH, '2000-01-01').find((s) => s.localDate === date && s.localTime === time)!;
    const dueHour = new Date(start.getTime() - 60 * 60_000);

    // A process claims the hour's reminder, posts it, and dies before recording it.
    store.readingGroup.claimReminder(session.id, '1h', 'dead', dueHour, DEFAULT_CLAIM_POLICY);
    const paper = store.papers.get(session.paperId)!;
    await adapter.post(RESEARCH, reminderReply(session, paper, undefined, dueHour), { idempotencyKey: reminderKey(session, '1h') });
    const posted = fake.messages.length;
    const later = new Date(dueHour.getTime() + 6 * 60_000);
    const recovered = await postReminders({ store, adapters: { slack: adapter }, now: () => later, instanceId: 'B' });
    expect(recovered.map((o) => o.status)).toEqual(['recovered']);
    expect(fake.messages).toHaveLength(posted);
    expect(store.readingGroup.reminder(session.id, '1h')).toMatchObject({ state: 'posted', messageId: fake.messages.at(-1)!.ts });

    const dueHalf = new Date(start.getTime() - 30 * 60_000);
    const outcomes = await postReminders({ store, adapters: { slack: adapter }, now: () => dueHalf, instanceId: 'B' });
    expect(outcomes.map((o) => [o.lead, o.status])).toEqual([['30m', 'posted']]);
    await postReminders({ store, adapters: { slack: adapter }, now: () => dueHalf, instanceId: 'C' });
    expect(fake.messages).toHaveLength(posted + 1);
    const message = fake.messages.at(-1)!;
    expect(message.channel).toBe(RESEARCH.id);
    expect(message.text).toMatch(/Reading group today at .* \(UTC\)\n“Agents That Plan.*”, no presenter yet: starts in 30 minutes\./);
    expect(JSON.stringify(message.metadata)).toContain(reminderKey(session, '30m'));
  });
});
