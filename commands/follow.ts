import { authorContext, describeFollow, FOLLOW_OPTION, followTarget } from '../src/core/follows.ts';
import { defineCommand } from '../src/dispatch/define.ts';
import { notice } from '../src/message/build.ts';

const NO_CONTEXT = { coauthors: [], orgs: [], categories: [], papers: 0 };

export default defineCommand({
  name: 'follow',
  description: 'New papers by an author or organisation always reach this channel’s digest',
  options: { who: FOLLOW_OPTION },
  examples: ['follow author:"Yann LeCun"', 'follow org:nvidia'],
  visibility: 'channel',
  async run({ who }, { services, channel, now }) {
    const { store } = services;
    const target = followTarget(who);
    // What the channel knows of the author now is what later matches must share (a co-author, organisation or category).
    const context = target.kind === 'author' ? await authorContext(store, target.name) : NO_CONTEXT;
    const follow = { ...target, context };
    const added = await store.follows.add(channel, follow, now);
    const what = describeFollow(follow);
    if (!added) return notice(`This channel already follows ${what}.`, '“following” lists what it follows.');
    const unsure =
      target.kind === 'author' && context.papers === 0
        ? ' No paper of theirs is known yet, so new papers with that name are shown as possible matches, not certain ones.'
        : '';
    return notice(
      `This channel now follows ${what}: their new papers come first in its digest, under “From people you follow”.${unsure}`,
      `“unfollow ${target.kind}:${target.name}” stops it; other channels are not affected.`,
    );
  },
});
