import { describeFollow, FOLLOW_OPTION, followTarget, namesMatch } from '../src/core/follows.ts';
import { defineCommand } from '../src/dispatch/define.ts';
import { UserError } from '../src/errors.ts';
import { notice } from '../src/message/build.ts';

export default defineCommand({
  name: 'unfollow',
  description: 'Stop following an author or organisation in this channel',
  options: { who: FOLLOW_OPTION },
  examples: ['unfollow author:"Yann LeCun"', 'unfollow org:nvidia'],
  visibility: 'channel',
  async run({ who }, { services, channel }) {
    const { store } = services;
    const target = followTarget(who);
    // "Y. LeCun" stops the follow of "Yann LeCun": the same names match as in the digest.
    const gone = (await store.follows.ofChannel(channel)).filter(
      (f) => f.kind === target.kind && (f.key === target.key || (f.kind === 'author' && namesMatch(f.name, target.name))),
    );
    if (gone.length === 0)
      throw new UserError(
        'bad-args',
        `This channel does not follow ${target.kind === 'org' ? 'organisation' : 'author'} “${target.name}”.`,
        '“following” lists what it follows.',
      );
    for (const follow of gone) await store.follows.remove(channel, follow.kind, follow.key);
    return notice(`This channel no longer follows ${gone.map(describeFollow).join(', ')}.`);
  },
});
