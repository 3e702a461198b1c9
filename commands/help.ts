import { helpFor, helpOverview } from '../src/core/help.ts';
import { defineCommand } from '../src/dispatch/define.ts';
import { closestCommand } from '../src/dispatch/suggest.ts';
import { UserError } from '../src/errors.ts';

export default defineCommand({
  name: 'help',
  description: 'What paperboy can do, or how to use one command',
  options: {
    command: { type: 'string', description: 'A command to explain' },
  },
  examples: ['help', 'help search', 'help subscribe'],
  visibility: 'ephemeral',
  async run({ command }, { services, channel }) {
    const context = { platform: channel.platform, rootCommand: services.rootCommand };
    if (!command) return helpOverview(services.commands, context);
    const wanted = command.toLowerCase().replace(/^\//, '');
    const found = services.commands.find((c) => c.name === wanted || (c.aliases ?? []).includes(wanted));
    if (!found) {
      const guess = closestCommand(wanted, services.commands);
      throw new UserError(
        'unknown-command',
        `There is no command “${command.slice(0, 40)}”${guess ? `: did you mean “help ${guess}”?` : '.'}`,
        `Commands: ${services.commands.map((c) => c.name).join(', ')}.`,
      );
    }
    return helpFor(found, context);
  },
});
