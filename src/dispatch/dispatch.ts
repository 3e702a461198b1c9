import { channelLlm } from '../core/ask-budget.ts';
import { isQuestion } from '../core/ask-thread.ts';
import { commandHint } from '../core/hints.ts';
import { listOf, rememberOwn, rememberShared } from '../core/lists.ts';
import { echo } from '../core/query.ts';
import { chatSafe, UserError, errorMessage, withoutSecrets } from '../errors.ts';
import type { Logger } from '../log.ts';
import { errorReply, notice } from '../message/build.ts';
import type { Reply } from '../message/model.ts';
import type { Choice, CommandInfo, Dispatcher, Invocation } from '../platforms/types.ts';
import { parseArgs, validateArgs } from './args.ts';
import type { AnyCommand, CommandContext } from './define.ts';
import type { Services } from './services.ts';
import { closestCommand } from './suggest.ts';
import { usageOf, validateRegistry } from './usage.ts';

export interface DispatcherOptions {
  services: Omit<Services, 'commands'>;
  commands: readonly AnyCommand[];
  log: Logger;
  now?: () => Date;
}

/** The one place where commands run and where their errors are caught. */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { commands, log } = options;
  validateRegistry(commands);
  const services: Services = { ...options.services, commands };
  const now = options.now ?? (() => new Date());
  const byName = new Map<string, AnyCommand>();
  for (const command of commands) {
    for (const name of [command.name, ...(command.aliases ?? [])]) byName.set(name, command);
  }

  const context = (inv: Invocation): CommandContext => {
    const at = now();
    // The channel's token budget and answer language apply to every command that asks the model.
    const llm = channelLlm(services.llm, services.store, inv.channel, at, log);
    return {
      channel: inv.channel,
      user: inv.user,
      ...(inv.thread ? { thread: inv.thread } : {}),
      now: at,
      services: { ...services, llm },
      log: log.child(inv.command),
    };
  };

  const parseText = (text: string) => {
    let rest = text.trim().replace(/^\//, '');
    const root = new RegExp(`^${services.rootCommand}(?:\\s+|$)`, 'i');
    rest = rest.replace(root, '');
    const match = /^(\S+)\s*([\s\S]*)$/.exec(rest);
    if (!match) return { command: 'help', text: '' };
    return { command: match[1]!.toLowerCase(), text: match[2]!.trim() };
  };

  const run = async (inv: Invocation): Promise<Reply> => {
    const command = byName.get(inv.command.toLowerCase());
    // "@paperboy what dataset does 3 use?" in a digest's thread is a question about its papers.
    if (!command && byName.has('ask') && (await isQuestion(services.store, inv, commands))) return run(asQuestion(inv));
    if (!command) return errorReply(forChat(unknownCommand(inv, commands, services.rootCommand), log));
    try {
      const usage = usageOf(command);
      const args =
        'text' in inv.input ? parseArgs(command.options, inv.input.text, usage) : validateArgs(command.options, inv.input.options, usage);
      // Writes wait for another process's write lock without blocking the event loop (store busy.ts).
      const reply = await services.store.retryWhileBusy(() => command.run(args as never, context(inv)));
      await services.store
        .retryWhileBusy(() => rememberList(services, inv, command, reply))
        .catch((error: unknown) => {
          if (!(error instanceof UserError)) throw error;
          log.warn('the numbered list could not be saved', { command: command.name, error: errorMessage(error) });
        });
      return reply;
    } catch (error) {
      if (error instanceof UserError) return errorReply(forChat(error, log));
      log.error('command failed', {
        command: command.name,
        channel: inv.channel,
        error: errorMessage(error),
        stack: (error as Error)?.stack,
      });
      return { ...notice('Something went wrong while running that command; it has been logged.'), tone: 'error' };
    }
  };

  const complete = async (inv: Invocation, option: string, partial: string): Promise<readonly Choice[]> => {
    const command = byName.get(inv.command.toLowerCase());
    if (!command?.autocomplete) return [];
    try {
      return (await command.autocomplete(option, partial, context(inv))).slice(0, 25);
    } catch (error) {
      log.warn('autocomplete failed', { command: command.name, error: errorMessage(error) });
      return [];
    }
  };

  const describe = (name: string): CommandInfo | undefined => {
    const command = byName.get(name.toLowerCase());
    return command ? { visibility: command.visibility, slow: command.slow ?? false } : undefined;
  };

  return { run, parseText, complete, describe };
}

const asQuestion = (inv: Invocation): Invocation => ({
  ...inv,
  command: 'ask',
  input: { text: `${inv.command} ${'text' in inv.input ? inv.input.text : ''}`.trim() },
});

/**
 * A numbered answer becomes the asker's list here; a command everyone sees (channel visibility) also numbers
 * the place for everyone. Adapters that show an answer to everyone (share, thread replies) say so themselves.
 */
async function rememberList(services: Services, inv: Invocation, command: AnyCommand, reply: Reply): Promise<void> {
  const list = listOf(reply);
  if (!list) return;
  const place = { channel: inv.channel, threadId: inv.thread?.threadId ?? '' };
  await rememberOwn(services.store, place, inv.user.id, list);
  if (command.visibility === 'channel') await rememberShared(services.store, place, list);
}

/**
 * What a user may see of an expected error: an upstream server's words (the LLM's refusal) lose their URLs
 * and anything secret, every message loses credentials; the original goes to the log when that changed it.
 */
function forChat(error: UserError, log: Logger): UserError {
  const upstream = error.code === 'llm-rejected' || error.code === 'llm-unavailable';
  const clean = (text: string | undefined, fallback: string) =>
    text === undefined ? undefined : upstream ? chatSafe(text, fallback, 300) : withoutSecrets(text);
  const message = clean(error.message, 'The LLM server refused the request.')!;
  const hint = clean(error.hint, 'Whoever runs paperboy will find the reason in its log.');
  if (message === error.message && hint === error.hint) return error;
  log.warn('an error shown to the user was cleaned of addresses or credentials', {
    code: error.code,
    error: error.message,
    hint: error.hint,
  });
  return new UserError(error.code, message, hint || undefined);
}

/** "There is no command “serach”: did you mean “/papers search diffusion”?", with the rest of what was typed. */
function unknownCommand(inv: Invocation, commands: readonly AnyCommand[], rootCommand: string): UserError {
  const typed = inv.command.slice(0, 40);
  const known = `Try one of: ${commands.map((c) => c.name).join(', ')}. Type “help” for details.`;
  const guess = closestCommand(typed, commands);
  if (!guess) return new UserError('unknown-command', `There is no command “${typed}”.`, known);
  const rest = 'text' in inv.input && inv.input.text ? ` ${echo(inv.input.text, 60)}` : '';
  const meant = commandHint(inv.channel.platform, rootCommand, `${guess}${rest}`);
  return new UserError('unknown-command', `There is no command “${typed}”: did you mean “${meant}”?`, known);
}
