/**
 * Discord takes at most 25 subcommands and 4,000 characters of names, descriptions and choices per command,
 * and the registry outgrew one: there the team's and the reading group's commands sit under their own roots
 * (`/papers-team like 3`, `/papers-reading claim 2`) beside `/papers search …`. Everywhere else (Slack,
 * typed text and mentions on Discord, the terminal) the bare name reaches every command.
 */
export const COMMAND_GROUPS: Readonly<Record<string, readonly string[]>> = {
  team: ['like', 'dislike', 'unlike', 'save', 'saved', 'why', 'related', 'taste', 'follow', 'unfollow', 'following'],
  reading: ['shortlist', 'claim', 'unclaim', 'schedule', 'agenda', 'cancel'],
};

const GROUP_OF = new Map(Object.entries(COMMAND_GROUPS).flatMap(([group, names]) => names.map((name) => [name, group] as const)));

/** The group a command sits in on Discord, if any. */
export const groupOf = (command: string): string | undefined => GROUP_OF.get(command);

/** The Discord command that holds `command`: the root itself, or `<root>-<group>`. */
export const discordRootFor = (root: string, command: string): string => {
  const group = groupOf(command);
  return group ? `${root}-${group}` : root;
};
