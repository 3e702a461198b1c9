import { describeFollow } from '../src/core/follows.ts';
import { defineCommand } from '../src/dispatch/define.ts';
import { notice } from '../src/message/build.ts';

export default defineCommand({
  name: 'following',
  description: 'The authors and organisations this channel follows',
  options: {},
  examples: ['following'],
  visibility: 'ephemeral',
  async run(_args, { services, channel }) {
    const follows = await services.store.follows.ofChannel(channel);
    if (follows.length === 0)
      return notice(
        'This channel follows nobody yet.',
        'Follow an author or organisation: follow author:"Yann LeCun" or follow org:nvidia',
      );
    const lines = follows.map((f) => `• ${describeFollow(f)}`);
    return notice(
      `This channel follows:\n${lines.join('\n')}`,
      'Their new papers come first in its digest. A paper whose author only shares the name is marked “possibly by”.',
    );
  },
});
