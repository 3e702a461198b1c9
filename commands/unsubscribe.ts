import { commandHint } from '../src/core/hints.ts';
import { defineCommand } from '../src/dispatch/define.ts';
import { UserError } from '../src/errors.ts';
import { notice } from '../src/message/build.ts';

export default defineCommand({
  name: 'unsubscribe',
  description: 'Stop the daily digest in this channel (weekly: the weekly roundup; all: both)',
  options: {
    what: { type: 'choice', description: 'What to stop', choices: ['daily', 'weekly', 'all'], default: 'daily' },
  },
  examples: ['unsubscribe', 'unsubscribe weekly', 'unsubscribe all'],
  visibility: 'channel',
  async run({ what }, { services, channel }) {
    const { store } = services;
    const hint = (text: string) => `“${commandHint(channel.platform, services.rootCommand, text)}”`;
    const daily = what !== 'weekly' && (await store.subscriptions.remove(channel));
    const weekly = what !== 'daily' && (await store.weekly.remove(channel));
    if (!daily && !weekly) {
      const other =
        what === 'daily' && (await store.weekly.get(channel)) ? ` Its weekly roundup stops with ${hint('unsubscribe weekly')}.` : '';
      const none = what === 'weekly' ? 'weekly roundup' : what === 'all' ? 'daily digest or weekly roundup' : 'daily digest';
      throw new UserError(
        'not-subscribed',
        `This channel has no ${none} to stop.${other}`,
        `${hint('subscribe 09:00 Europe/Berlin')} starts one.`,
      );
    }
    services.onSubscriptionsChanged?.();
    const stopped = [daily ? 'daily digests' : '', weekly ? 'weekly roundups' : ''].filter(Boolean).join(' or ');
    return notice(`Unsubscribed: no more ${stopped} here.`, `${hint('subscribe')} starts them again; commands keep working.`);
  },
});
