import type { AnyCommand, OptionSpec } from './define.ts';

const NAME = /^[a-z][a-z0-9-]{0,31}$/;

/** "search <query> [limit]": derived from the declaration, shown in help and error hints. */
export function usageOf(command: AnyCommand): string {
  const parts = Object.entries(command.options as Record<string, OptionSpec>).map(([name, option]) => {
    const label = option.type === 'choice' ? option.choices.join('|') : option.type === 'boolean' ? name : name;
    const dots = option.type === 'string' && option.rest ? '…' : '';
    return 'required' in option && option.required ? `<${label}${dots}>` : `[${label}${dots}]`;
  });
  return [command.name, ...parts].join(' ');
}

/** Fails at start-up, naming the offending command, rather than at the first user who hits it. */
export function validateRegistry(commands: readonly AnyCommand[]): void {
  const seen = new Set<string>();
  for (const command of commands) {
    const where = `command “${command.name}”`;
    if (!NAME.test(command.name)) throw new Error(`${where}: name must match ${NAME}`);
    if (command.description.length === 0 || command.description.length > 100) {
      throw new Error(`${where}: description must be 1 to 100 characters`);
    }
    for (const name of [command.name, ...(command.aliases ?? [])]) {
      if (seen.has(name)) throw new Error(`${where}: the name “${name}” is used twice`);
      seen.add(name);
    }
    for (const option of Object.keys(command.options)) {
      if (!NAME.test(option)) throw new Error(`${where}: option “${option}” must match ${NAME}`);
    }
  }
}
