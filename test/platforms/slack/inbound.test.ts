import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../src/dispatch/dispatch.ts';
import { OfflineSummariser } from '../../../src/llm/offline.ts';
import { silentLogger } from '../../../src/log.ts';
import { fromAppMention, fromSlashCommand, joinRefs, plainText, takeShare } from '../../../src/platforms/slack/inbound.ts';
import { Store } from '../../../src/store/store.ts';

const { parseText } = createDispatcher({
  services: { store: Store.open(':memory:'), llm: new OfflineSummariser(), rootCommand: 'papers' },
  commands: [],
  log: silentLogger,
});

describe('Slack payloads → invocations', () => {
  it('GIVEN a slash command THEN the subcommand, its text, the channel and the user come through', () => {
    const { invocation, share } = fromSlashCommand(
      { text: 'search "video generation" limit:10', channel_id: 'C1', channel_name: 'research', user_id: 'U1', user_name: 'ada' },
      parseText,
    );
    expect(share).toBe(false);
    expect(invocation).toEqual({
      command: 'search',
      input: { text: '"video generation" limit:10' },
      channel: { platform: 'slack', id: 'C1', name: 'research' },
      user: { id: 'U1', name: 'ada' },
    });
  });

  it('GIVEN "share" last or --share anywhere THEN the answer is shared and the word is not part of the query', () => {
    expect(takeShare('digest share')).toEqual({ text: 'digest', share: true });
    expect(takeShare('search --share diffusion')).toEqual({ text: 'search diffusion', share: true });
    expect(takeShare('search share prices')).toEqual({ text: 'search share prices', share: false });
  });

  it('GIVEN a mention inside a thread THEN the bot mention is stripped, refs are joined, and the thread is the parent ts', () => {
    const { invocation } = fromAppMention(
      { text: '<@UBOT> compare 2 and 5', channel: 'C1', ts: '171.2', thread_ts: '170.1', user: 'U9' },
      'UBOT',
      parseText,
    );
    expect(invocation).toEqual({
      command: 'compare',
      input: { text: '2 5' },
      channel: { platform: 'slack', id: 'C1' },
      user: { id: 'U9', name: 'U9' },
      thread: { channel: { platform: 'slack', id: 'C1' }, messageId: '170.1', threadId: '170.1' },
    });
  });

  it('GIVEN a mention outside a thread THEN its own ts becomes the thread', () => {
    const { invocation } = fromAppMention({ text: '<@UBOT> summarize 3', channel: 'C1', ts: '171.2' }, 'UBOT', parseText);
    expect(invocation.thread?.threadId).toBe('171.2');
    expect(invocation.command).toBe('summarize');
    expect(invocation.input).toEqual({ text: '3' });
  });

  it('GIVEN Slack markup in text THEN it reads as typed: other mentions as @name, links as URLs, entities decoded', () => {
    expect(
      plainText('<@UBOT|paperboy> search <https://arxiv.org/abs/2401.1|arxiv> &amp; <@U2|bob> in <#C1|research> a &lt; b', 'UBOT'),
    ).toBe('search https://arxiv.org/abs/2401.1 & @bob in #research a < b');
    expect(plainText('<@UXYZ> help', undefined)).toBe('help');
  });

  it.each([
    ['2 and 5', '2 5'],
    ['#2, #5', '2 5'],
    ['papers 1 vs 3', '1 3'],
    ['1 & 2 & 4', '1 2 4'],
    ['cats and dogs', 'cats and dogs'],
  ])('joinRefs(%j) = %j', (text, expected) => {
    expect(joinRefs(text)).toBe(expected);
  });
});
