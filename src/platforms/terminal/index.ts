/**
 * The terminal platform: commands typed at a prompt (or piped in, one per line), replies printed.
 * Streams are injectable (Hubot's Shell adapter does the same) so tests drive it with PassThrough.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Reply } from '../../message/model.ts';
import type { ChannelRef, ChatAdapter, Dispatcher, PostedRef } from '../types.ts';
import { saveAttachments } from './files.ts';
import { renderReply } from './render.ts';

type Output = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export interface TerminalAdapterOptions {
  readonly input?: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly output?: Output;
  /** Default: colour when the output is a terminal. */
  readonly color?: boolean;
  /** Default: the terminal's width, else 80. */
  readonly width?: number;
  readonly prompt?: string;
  readonly user?: { readonly id: string; readonly name: string };
  /** Where a reply's files (charts) are written; their paths are printed. Default: the system's temporary folder. */
  readonly filesDir?: string;
}

export const TERMINAL_CHANNEL: ChannelRef = { platform: 'terminal', id: 'local', name: 'terminal' };
const QUIT = /^\/?(?:quit|exit|bye)$/i;

export function createTerminalAdapter(options: TerminalAdapterOptions = {}): ChatAdapter {
  const input = options.input ?? process.stdin;
  const output: Output = options.output ?? process.stdout;
  const user = options.user ?? { id: 'local', name: 'you' };
  const interactive = input.isTTY === true;
  let readline: Interface | undefined;
  let posts = 0;
  /** The last post (a digest): later commands run "in its thread", so its numbers are what 1, 2, 3 mean. */
  let thread: PostedRef | undefined;

  const print = (reply: Reply) => {
    // A terminal that reports 0 columns (some CI and piped ptys do) gets the usual 80.
    const width = options.width || output.columns || 80;
    output.write(renderReply(reply, { width, color: options.color ?? output.isTTY === true }));
    const saved = saveAttachments(reply, options.filesDir ?? join(tmpdir(), 'paperboy-charts'));
    if (saved.length > 0) output.write(`${saved.join('\n')}\n`);
  };

  return {
    platform: 'terminal',

    /** Reads commands until `quit` or the end of input, then resolves. */
    async start(dispatcher: Dispatcher) {
      readline = createInterface({
        input,
        ...(interactive ? { output } : {}),
        terminal: interactive,
        prompt: options.prompt ?? 'paperboy> ',
      });
      if (interactive) {
        output.write('Type a command (help lists them), or quit.\n');
        readline.prompt();
      }
      for await (const line of readline) {
        const text = line.trim();
        if (QUIT.test(text)) break;
        if (text) {
          if (!interactive) output.write(`> ${text}\n`);
          const { command, text: rest } = dispatcher.parseText(text);
          print(await dispatcher.run({ command, input: { text: rest }, channel: TERMINAL_CHANNEL, user, ...(thread ? { thread } : {}) }));
        }
        if (interactive) readline.prompt();
      }
      readline.close();
    },

    async stop() {
      readline?.close();
    },

    async post(channel, reply) {
      posts += 1;
      print(reply);
      thread = { channel, messageId: String(posts), threadId: String(posts) };
      return thread;
    },

    async postInThread(parent, reply) {
      posts += 1;
      print(reply);
      return { channel: parent.channel, messageId: String(posts), threadId: parent.threadId };
    },
  };
}
