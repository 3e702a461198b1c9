import { parseArgs } from 'node:util';
import { commands } from '../../commands/index.ts';
import type { Config } from '../config.ts';
import { inviteUrl, registerCommands } from '../platforms/discord/index.ts';

export const DISCORD_HELP = `Usage: paperboy discord register [--guild ID]
Deploys /papers (PAPERBOY_COMMAND) and its subcommands to Discord with one bulk PUT (skipped when Discord already has them).
--guild ID (or DISCORD_GUILD_ID) registers to one server, which updates at once (development);
without it the commands are global (production). Needs DISCORD_TOKEN and DISCORD_APPLICATION_ID.`;

export async function runDiscordCommand(argv: string[], config: Config): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { guild: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals[0] !== 'register') {
    process.stdout.write(`${DISCORD_HELP}\n`);
    return values.help ? 0 : 2;
  }
  const discord = config.discord;
  if (!discord?.applicationId) {
    process.stderr.write('paperboy discord register: set DISCORD_TOKEN and DISCORD_APPLICATION_ID (see .env.example).\n');
    return 2;
  }
  const guildId = values.guild ?? discord.guildId;
  const result = await registerCommands({
    token: discord.token,
    applicationId: discord.applicationId,
    commands,
    commandName: discord.commandName,
    ...(guildId ? { guildId } : {}),
    ...(discord.apiUrl ? { apiUrl: discord.apiUrl } : {}),
  });
  const where = result.scope === 'guild' ? `guild ${guildId}` : 'all servers (global)';
  process.stdout.write(`${result.changed ? 'Registered' : 'Already up to date:'} /${result.names.join(', /')} for ${where}.\n`);
  process.stdout.write(`Invite the bot with: ${inviteUrl(discord.applicationId)}\n`);
  return 0;
}
