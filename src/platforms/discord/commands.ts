import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  OAuth2Scopes,
  PermissionFlagsBits,
  REST,
  Routes,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { AnyCommand, OptionSpec } from '../../dispatch/define.ts';
import { DISCORD_LIMITS as L, restOptions } from './limits.ts';
import { clip } from './text.ts';
import { discordRootFor } from '../../core/command-groups.ts';

export const DEFAULT_ROOT_COMMAND = 'papers';
const ROOT_DESCRIPTION = 'Research papers: daily digests, search, summaries and comparisons';

/**
 * The registry as chat-input commands: `/papers` with each module a subcommand (the same shape as Slack's
 * `/papers <subcommand>`, and no clash with other bots' `/search`), and the groups of src/core/command-groups.ts
 * as `/papers-<group>`, since one command holds 25 subcommands and 4,000 characters at most.
 */
export function buildCommandSet(
  commands: readonly AnyCommand[],
  rootName = DEFAULT_ROOT_COMMAND,
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const roots = new Map<string, AnyCommand[]>([[rootName, []]]);
  for (const command of commands) {
    const name = discordRootFor(rootName, command.name);
    roots.set(name, [...(roots.get(name) ?? []), command]);
  }
  return [...roots].map(([name, members]) => {
    const description =
      name === rootName ? ROOT_DESCRIPTION : clip(`Research papers: ${members.map((m) => m.name).join(', ')}`, L.commandDescription);
    const command = { type: ApplicationCommandType.ChatInput, name, description, options: members.map(toSubcommand) } as const;
    const problem = tooBig(command);
    if (problem) throw new Error(`/${name}: ${problem}`);
    return command;
  });
}

/** Discord's limits on one command (wire-facts §4): it refuses the whole set with a 400 otherwise. */
export function tooBig(command: RESTPostAPIChatInputApplicationCommandsJSONBody): string | undefined {
  if (command.name.length > L.commandName) return `Discord allows names of ${L.commandName} characters (PAPERBOY_COMMAND is too long)`;
  if ((command.options?.length ?? 0) > L.commandOptions)
    return `Discord allows ${L.commandOptions} subcommands; this has ${command.options?.length}`;
  const size = commandSize(command);
  return size > L.commandTotal
    ? `Discord allows ${L.commandTotal} characters of names, descriptions and choices; this has ${size}`
    : undefined;
}

type Sized = { name?: string; description?: string; value?: unknown; choices?: readonly Sized[]; options?: readonly Sized[] };

/** What Discord counts against the 4,000: every name, description and choice value, nested options included. */
export const commandSize = (o: Sized): number =>
  (o.name?.length ?? 0) +
  (o.description?.length ?? 0) +
  (o.value === undefined ? 0 : String(o.value).length) +
  [...(o.choices ?? []), ...(o.options ?? [])].reduce((n, x) => n + commandSize(x), 0);

function toSubcommand(command: AnyCommand): APIApplicationCommandSubcommandOption {
  const entries = Object.entries(command.options as Record<string, OptionSpec>);
  const isRequired = (spec: OptionSpec) => 'required' in spec && spec.required === true;
  // Discord requires every required option to come before the optional ones.
  const ordered = [...entries.filter(([, s]) => isRequired(s)), ...entries.filter(([, s]) => !isRequired(s))];
  const options = ordered.map(([name, spec]) => toOption(name, spec, command.autocomplete !== undefined));
  if (options.length > L.commandOptions) throw new Error(`/${command.name}: Discord allows ${L.commandOptions} options per subcommand`);
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: command.name,
    description: clip(command.description, L.commandDescription),
    options,
  };
}

/** Discord shows no defaults, so the description says it: "How many (1-50)" → "How many (1-50; default 10)". */
function describe(spec: OptionSpec): string {
  const { description } = spec;
  if (!('default' in spec) || spec.default === undefined || /default/i.test(description)) return clip(description, L.commandDescription);
  const full = description.endsWith(')')
    ? `${description.slice(0, -1)}; default ${spec.default})`
    : `${description} (default ${spec.default})`;
  return clip(full.length <= L.commandDescription ? full : description, L.commandDescription);
}

function toOption(name: string, spec: OptionSpec, canComplete: boolean): APIApplicationCommandBasicOption {
  const base = { name, description: describe(spec), ...('required' in spec && spec.required ? { required: true } : {}) };
  switch (spec.type) {
    case 'integer':
      return {
        ...base,
        type: ApplicationCommandOptionType.Integer,
        ...(spec.min !== undefined ? { min_value: spec.min } : {}),
        ...(spec.max !== undefined ? { max_value: spec.max } : {}),
      };
    case 'boolean':
      return { ...base, type: ApplicationCommandOptionType.Boolean };
    case 'choice':
      // Past 25 choices Discord needs free text; the dispatcher still validates the value.
      if (spec.choices.length > L.optionChoices) return { ...base, type: ApplicationCommandOptionType.String };
      return { ...base, type: ApplicationCommandOptionType.String, choices: spec.choices.map((c) => ({ name: c, value: c })) };
    case 'string':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        ...(spec.maxLength !== undefined ? { max_length: Math.min(spec.maxLength, L.stringOptionMaxLength) } : {}),
        ...(spec.autocomplete && canComplete ? { autocomplete: true } : {}),
      };
  }
}

export interface RegisterOptions {
  token: string;
  applicationId: string;
  /** Guild commands update at once (development); without it the set is global. */
  guildId?: string;
  /** REST base without the version, e.g. `http://127.0.0.1:3000/api`; discord.js appends `/v10`. */
  apiUrl?: string;
  commands: readonly AnyCommand[];
  commandName?: string;
}

export interface RegisterResult {
  readonly scope: 'guild' | 'global';
  /** False when Discord already had exactly this set, so nothing was sent. */
  readonly changed: boolean;
  readonly names: readonly string[];
}

/** Deploys the command set with one bulk PUT (wire-facts §4.3), after a GET shows that it differs. */
export async function registerCommands(options: RegisterOptions): Promise<RegisterResult> {
  const rest = new REST({ ...restOptions(), ...(options.apiUrl ? { api: options.apiUrl } : {}) }).setToken(options.token);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  const wanted = buildCommandSet(options.commands, options.commandName);
  const existing = (await rest.get(route)) as unknown[];
  const changed = fingerprint(existing) !== fingerprint(wanted);
  if (changed) await rest.put(route, { body: wanted });
  return { scope: options.guildId ? 'guild' : 'global', changed, names: wanted.map((c) => c.name) };
}

type Loose = Record<string, unknown>;

/** What a command set means, ignoring what Discord adds (ids, versions) and the defaults it fills in or drops. */
function fingerprint(commands: readonly unknown[]): string {
  const option = (o: Loose): unknown => ({
    type: o.type,
    name: o.name,
    description: o.description,
    required: o.required === true,
    autocomplete: o.autocomplete === true,
    choices: ((o.choices as Loose[] | undefined) ?? []).map((c) => [c.name, c.value]),
    min: o.min_value ?? null,
    max: o.max_value ?? null,
    maxLength: o.max_length ?? null,
    options: ((o.options as Loose[] | undefined) ?? []).map(option),
  });
  const command = (c: Loose) => JSON.stringify({ ...(option(c) as Loose), type: c.type ?? ApplicationCommandType.ChatInput });
  return JSON.stringify((commands as Loose[]).map(command).sort());
}

/** What the bot needs in a digest channel: see it, post embeds, read back its posts (findPosted), open and answer in threads. */
export const REQUIRED_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.SendMessagesInThreads;

/** The link a server admin opens to add the bot with its slash commands and exactly those permissions. */
export function inviteUrl(applicationId: string): string {
  const query = new URLSearchParams({
    client_id: applicationId,
    scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '),
    permissions: String(REQUIRED_PERMISSIONS),
  });
  return `https://discord.com/oauth2/authorize?${query.toString()}`;
}
