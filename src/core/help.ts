/** `help`, generated from the command declarations. */
import type { AnyCommand, OptionSpec } from '../dispatch/define.ts';
import { usageOf } from '../dispatch/usage.ts';
import type { Block, Reply } from '../message/model.ts';
import type { ChatPlatform } from '../store/types.ts';
import { commandHint } from './hints.ts';

interface HelpContext {
  readonly platform: ChatPlatform;
  readonly rootCommand: string | undefined;
}

const REFS = 'A paper can be named by its number in the last list shown here, its arXiv id or URL, or words of its title.';

export function helpOverview(commands: readonly AnyCommand[], context: HelpContext): Reply {
  const say = (text: string) => commandHint(context.platform, context.rootCommand, text);
  const lines = commands.map((c) => `${say(usageOf(c))}\n    ${c.description}`);
  const blocks: Block[] = [
    { type: 'header', text: 'paperboy: what I can do' },
    { type: 'text', text: lines.join('\n') },
    { type: 'note', text: `${REFS} “${say('help search')}” explains one command.` },
  ];
  return { blocks, fallback: ['paperboy commands', ...lines].join('\n') };
}

export function helpFor(command: AnyCommand, context: HelpContext): Reply {
  const say = (text: string) => commandHint(context.platform, context.rootCommand, text);
  const options = Object.entries(command.options as Record<string, OptionSpec>).map(([name, option]) => ({
    label: optionSyntax(name, option),
    value: option.description,
  }));
  const blocks: Block[] = [
    { type: 'header', text: say(usageOf(command)) },
    { type: 'text', text: command.description },
  ];
  if (options.length > 0) blocks.push({ type: 'fields', fields: options });
  blocks.push({ type: 'text', text: `Examples:\n${command.examples.map((e) => `  ${say(e)}`).join('\n')}` });
  const aliases = command.aliases?.length ? `Also: ${command.aliases.join(', ')}. ` : '';
  blocks.push({
    type: 'note',
    text: `${aliases}Options can be written name:value, e.g. limit:5.${command.options.refs || command.options.ref ? ` ${REFS}` : ''}`,
  });
  const fallback = [say(usageOf(command)), command.description, ...options.map((o) => `${o.label}: ${o.value}`)].join('\n');
  return { blocks, fallback };
}

function optionSyntax(name: string, option: OptionSpec): string {
  switch (option.type) {
    case 'boolean':
      return `${name} (a flag)`;
    case 'choice':
      return `${name}:${option.choices.join('|')}${option.default ? ` (default ${option.default})` : ''}`;
    case 'integer':
      return `${name}:N${option.default !== undefined ? ` (default ${option.default})` : ''}`;
    case 'string':
      return option.rest ? `${name}… (the rest of the text)` : `${name}:…`;
  }
}
