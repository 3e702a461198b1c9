import { commandHint } from '../src/core/hints.ts';
import { defineCommand } from '../src/dispatch/define.ts';
import { UserError } from '../src/errors.ts';
import { notice } from '../src/message/build.ts';

export default defineCommand({
  name: 'unsubscribe',
  description: 'Stop the daily digest in this channel',
  options: {},
  examples: ['unsubscribe'],
  visibility: 'channel',
  async run(_args, { services, channel }) {
    const hint = (text: string) => `“${commandHint(channel.platform, services.rootCommand, text)}”`;
    if (!services.store.subscriptions.remove(channel)) {
      throw new UserError(
        'not-subscribed',
        'This channel has no daily digest to stop.',
        `${hint('subscribe 09:00 Europe/Berlin')} starts one.`,
      );
    }
    services.onSubscriptionsChanged?.();
    return notice('Unsubscribed: no more daily digests here.', `${hint('subscribe')} starts them again; commands keep working.`);
  },
});
