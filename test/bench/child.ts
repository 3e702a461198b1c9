/**
 * A bench part in a process of its own: forked with tsx, handed its request over IPC, and expected to send
 * back exactly one outcome (its reply, or the error) before it exits.
 */
import { fork } from 'node:child_process';

/** What crosses back over IPC: the reply, or why there is none. */
type Outcome<Reply> = { readonly reply: Reply } | { readonly error: string };

export function inChildProcess<Request, Reply>(module: URL, request: Request): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const child = fork(module, { execArgv: ['--import', import.meta.resolve('tsx')], stdio: 'inherit' });
    child.once('message', (outcome: Outcome<Reply>) => ('reply' in outcome ? resolve(outcome.reply) : reject(new Error(outcome.error))));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${module.pathname.split('/').pop()} exited (${code}) without a reply`)));
    child.send(request as object);
  });
}

/** The child's side: runs `work` on the request and sends its result (or its error) back once. */
export function serveParent<Request, Reply>(work: (request: Request) => Promise<Reply>): void {
  if (!process.send) return;
  process.once('message', (request: Request) => {
    void work(request)
      .then(
        (reply): Outcome<Reply> => ({ reply }),
        (error: unknown): Outcome<Reply> => ({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      )
      .then((outcome) => process.send!(outcome, () => process.disconnect()));
  });
}
