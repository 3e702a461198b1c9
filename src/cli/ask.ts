/** `paperboy ask "<command text>"`: one command through the dispatcher, printed as text or as the neutral Reply in JSON. */
import type { Reply } from '../message/model.ts';
import { saveAttachments } from '../platforms/terminal/files.ts';
import { renderReply } from '../platforms/terminal/render.ts';
import { TERMINAL_CHANNEL } from '../platforms/terminal/index.ts';
import type { Dispatcher } from '../platforms/types.ts';

export interface AskOptions {
  readonly dispatcher: Dispatcher;
  readonly output: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Print the neutral Reply as JSON instead of rendered text. */
  readonly json: boolean;
  readonly color?: boolean;
  readonly width?: number;
  /** Where a reply's files (charts) are written, their paths printed; without it they are only described. */
  readonly filesDir?: string;
}

/**
 * Runs in the terminal's channel, so numbers from one `ask` ("search …") work in the next ("compare 1 2").
 * Returns the exit code: 1 when the reply is an error, else 0.
 */
export async function runAsk(text: string, options: AskOptions): Promise<number> {
  const { dispatcher, output } = options;
  const { command, text: rest } = dispatcher.parseText(text);
  const reply = await dispatcher.run({ command, input: { text: rest }, channel: TERMINAL_CHANNEL, user: { id: 'local', name: 'cli' } });
  const saved = options.filesDir ? saveAttachments(reply, options.filesDir) : [];
  if (options.json) output.write(`${JSON.stringify(toJson(reply), null, 2)}\n`);
  else output.write(renderReply(reply, { width: options.width ?? output.columns ?? 80, color: options.color ?? output.isTTY === true }));
  if (!options.json && saved.length > 0) output.write(`${saved.join('\n')}\n`);
  return reply.tone === 'error' ? 1 : 0;
}

/** The Reply as is, with `papers` always present (display order) and each paper's number in the list as `rank`. */
export function toJson(reply: Reply): Omit<Reply, 'attachments'> & { papers: NonNullable<Reply['papers']> } {
  const { attachments, ...rest } = reply;
  return {
    ...rest,
    // A file's bytes are no JSON: its name, type, size and description instead.
    ...(attachments ? { attachments: attachments.map(({ data, ...file }) => ({ ...file, bytes: data.length })) } : {}),
    tone: reply.tone ?? 'normal',
    papers: (reply.papers ?? []).map((paper, index) => ({ ...paper, rank: paper.rank ?? index + 1 })),
  };
}
