import { afterEach, describe, expect, it } from 'vitest';
import { paperList } from '../../../src/message/build.ts';
import { messageProblems } from '../../fakes/discord-limits.ts';
import type { RecordedRequest } from '../../fakes/discord.ts';
import { startHarness, waitFor, type Harness } from './harness.ts';

/** The message part of a request: interaction callbacks carry it in `data`. */
const messageOf = (r: RecordedRequest): Record<string, any> | undefined => {
  if (r.method !== 'POST' && r.method !== 'PATCH') return undefined;
  const body = r.path.endsWith('/callback') ? r.body?.data : r.body;
  return body && ('content' in body || 'embeds' in body) ? body : undefined;
};

const LIVE_MENTION = /@everyone|@here|<@[!&]?\d/;

describe('Nothing the bot sends can ping anyone', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it('GIVEN titles with @everyone, @here, <@123> THEN every message carries allowed_mentions parse [] and no live mention', async () => {
    harness = await startHarness({ papers: 60, longTitles: true });
    const h = harness;
    const search = (query: string, limit: number) =>
      h.fake.interact({
        name: 'papers',
        options: [
          {
            type: 1,
            name: 'search',
            options: [
              { type: 3, name: 'query', value: query },
              { type: 4, name: 'limit', value: limit },
            ],
          },
        ],
      });

    const wide = search('e', 60);
    const narrow = search('@everyone', 5);
    await waitFor(() => h.fake.requests.some((r) => r.method === 'PATCH' && r.path.includes(narrow.token)));
    const followUps = await waitFor(() => {
      const found = h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/webhooks/${h.fake.ids.app}/${wide.token}`);
      return found.length >= 2 && found;
    });
    for (const followUp of followUps) {
      expect(followUp.query.get('wait')).toBe('true');
      expect(followUp.body.flags).toBe(64); // the rest of an ephemeral answer stays ephemeral
    }

    const channel = { platform: 'discord' as const, id: h.fake.ids.channel };
    const papers = h.store.papers.getMany(Array.from({ length: 10 }, (_, i) => i + 1)); // the first four have the tricky titles
    const posted = await h.adapter.post(channel, paperList('Papers 2025-12-18 @everyone', papers), { idempotencyKey: 'k1' });
    h.store.lists.save(
      channel,
      posted.threadId,
      papers.map((p) => p.id),
    );
    await waitFor(() => h.adapter.client.channels.cache.get(posted.threadId));
    h.fake.say(posted.threadId, `<@${h.fake.ids.bot}> compare 2 3`);
    await waitFor(() => h.fake.requests.find((r) => r.method === 'POST' && r.path === `/channels/${posted.threadId}/messages`));

    const sent = h.fake.requests.map((r) => ({ r, message: messageOf(r) })).filter((x) => x.message);
    expect(sent.length).toBeGreaterThanOrEqual(6);
    for (const { r, message } of sent) {
      expect(message!.allowed_mentions, `${r.method} ${r.path}`).toEqual({ parse: [] });
      expect(JSON.stringify(message), `${r.method} ${r.path}`).not.toMatch(LIVE_MENTION);
      expect(messageProblems(message!, { editing: r.method === 'PATCH' }), `${r.method} ${r.path}`).toEqual([]);
    }
    const text = JSON.stringify(sent.map((x) => x.message));
    expect(text).toContain('@\u200beveryone');
    expect(text).toContain('<@\u200b123>');
  }, 20_000);
});
