import { commandHint } from '../src/core/hints.ts';
import { applyOptions, readSchedule, settingsReply, subscriptionFields } from '../src/core/subscription.ts';
import { defineCommand } from '../src/dispatch/define.ts';
import { subscribeWeekly, weeklyText } from '../src/core/weekly-subscription.ts';
import { UserError } from '../src/errors.ts';

const MAX_TOPICS = 20;

export default defineCommand({
  name: 'subscribe',
  description: 'A daily digest here: time, time zone, topics, size, days (or weekly fri 16:00: a weekly roundup)',
  options: {
    schedule: {
      type: 'string',
      description: 'HH:MM, an IANA time zone and topics, e.g. 09:00 Europe/Berlin diffusion; or weekly fri 16:00',
      rest: true,
    },
    size: { type: 'integer', description: 'Papers per digest (1-25)', min: 1, max: 25 },
    days: { type: 'string', description: 'weekdays, daily, weekends, or days such as mon,wed,fri' },
    mode: { type: 'choice', description: 'Topics filter (only matching papers) or boost them (first)', choices: ['filter', 'boost'] },
    min: { type: 'integer', description: 'Minimum upvotes for a paper to be shown', min: 0, max: 100000 },
    empty: { type: 'choice', description: 'On days with nothing new: post a short note, or skip', choices: ['post', 'skip'] },
    cross: { type: 'choice', description: 'arXiv cross-lists: count them as new, or leave them out', choices: ['include', 'exclude'] },
    followups: { type: 'choice', description: 'News on papers discussed here (new versions, code): on or off', choices: ['on', 'off'] },
    clear: { type: 'boolean', description: 'Forget the topics: every new paper counts' },
  },
  examples: [
    'subscribe',
    'subscribe 09:00 Europe/Berlin',
    'subscribe 08:30 America/New_York diffusion "video generation" mode:filter',
    'subscribe size:5 days:mon,wed,fri min:3',
    'subscribe clear empty:skip cross:include followups:off',
    'subscribe weekly fri 16:00 Europe/Berlin',
  ],
  visibility: 'channel',
  async run(args, { services, channel, now }) {
    const weekly = weeklyText(args.schedule);
    if (weekly !== undefined) return subscribeWeekly(services, { channel, text: weekly, now, options: args });
    const { change, topics, notes } = readSchedule(args.schedule ?? '');
    if (topics.length > MAX_TOPICS) throw new UserError('bad-args', `At most ${MAX_TOPICS} topics; you gave ${topics.length}.`);
    if (topics.length > 0 || args.clear) change.topics = topics;
    applyOptions(change, args);
    if (channel.name) change.channelName = channel.name;
    const existed = (await services.store.subscriptions.get(channel)) !== undefined;
    const subscription = await services.store.subscriptions.upsert(channel, change, now);
    services.onSubscriptionsChanged?.();
    const hint = (text: string) => `“${commandHint(channel.platform, services.rootCommand, text)}”`;
    notes.push(`Change any setting the same way, e.g. ${hint('subscribe 08:30 size:5')}; ${hint('unsubscribe')} stops it.`);
    return settingsReply(
      existed ? 'Digest settings updated' : 'Subscribed to the daily digest',
      subscriptionFields(subscription),
      notes.join(' '),
    );
  },
});
