import { describe, expect, it } from 'vitest';
import { readAutocomplete, readSlashCommand, readThreadMention, type ChannelMessage } from '../../../src/platforms/discord/inbound.ts';

const user = { id: 'U1', name: 'Ada' };
const inChannel = { channelId: 'C1', parentId: null, name: 'papers' };
const inThread = { channelId: 'T1', parentId: 'C1' };
const parseText = (text: string) => {
  const [command = 'help', ...rest] = text.split(' ');
  return { command, text: rest.join(' ') };
};

describe('Discord inbound translation', () => {
  it('GIVEN /papers search with typed options THEN command search, options as values, share read for visibility', () => {
    const data = [
      {
        type: 1,
        name: 'search',
        options: [
          { type: 3, name: 'query', value: 'diffusion' },
          { type: 4, name: 'limit', value: 3 },
          { type: 5, name: 'share', value: true },
        ],
      },
    ];
    expect(readSlashCommand('papers', data, inChannel, user, 'papers')).toEqual({
      invocation: {
        command: 'search',
        input: { options: { query: 'diffusion', limit: 3, share: true } },
        channel: { platform: 'discord', id: 'C1', name: 'papers' },
        user,
      },
      share: true,
    });
  });

  it('GIVEN a command inside a thread THEN the channel is its parent and the thread is set', () => {
    const { invocation } = readSlashCommand('papers', [{ type: 1, name: 'compare', options: [] }], inThread, user, 'papers');
    const channel = { platform: 'discord', id: 'C1' };
    expect(invocation.channel).toEqual(channel);
    expect(invocation.thread).toEqual({ channel, messageId: 'T1', threadId: 'T1' });
  });

  it('GIVEN an autocomplete THEN the focused option and partial text, with the other options as context', () => {
    const data = [
      {
        type: 1,
        name: 'paper',
        options: [
          { type: 3, name: 'ref', value: 'diff', focused: true },
          { type: 4, name: 'limit', value: 2 },
        ],
      },
    ];
    const request = readAutocomplete('papers', data, inChannel, user, 'papers');
    expect(request).toMatchObject({ option: 'ref', partial: 'diff', invocation: { command: 'paper', input: { options: { limit: 2 } } } });
    expect(readAutocomplete('papers', [{ type: 1, name: 'paper', options: [] }], inChannel, user, 'papers')).toBeUndefined();
  });

  const message = (overrides: Partial<ChannelMessage>): ChannelMessage => ({
    id: 'M1',
    content: '<@B1> compare 1 2',
    place: inThread,
    author: { ...user, bot: false },
    mentionedUserIds: ['B1'],
    ...overrides,
  });

  it('GIVEN "@bot compare 1 2" in a thread THEN compare with text "1 2" in that thread, mention stripped', () => {
    expect(readThreadMention(message({}), 'B1', parseText)).toEqual({
      command: 'compare',
      input: { text: '1 2' },
      channel: { platform: 'discord', id: 'C1' },
      user,
      thread: { channel: { platform: 'discord', id: 'C1' }, messageId: 'T1', threadId: 'T1' },
    });
    expect(readThreadMention(message({ content: 'please <@!B1>   compare 2 5' }), 'B1', parseText)?.input).toEqual({ text: 'compare 2 5' });
  });

  it('GIVEN a bot author, no mention of us, or a plain channel THEN it is not for us', () => {
    expect(readThreadMention(message({ author: { ...user, bot: true } }), 'B1', parseText)).toBeUndefined();
    expect(readThreadMention(message({ mentionedUserIds: ['X9'] }), 'B1', parseText)).toBeUndefined();
    expect(readThreadMention(message({ place: inChannel }), 'B1', parseText)).toBeUndefined();
  });
});
