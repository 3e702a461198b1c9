/**
 * A bench part in a process of its own: forked with tsx, handed its request over IPC, and expected to send
 * back exactly one reply (`{ error }` when it failed) before it exits.
 */
import { fork } from 'node:child_process';

export function inChildProcess<Request, Reply>(module: URL, request: Request): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const child = fork(module, { execArgv: ['--import', import.meta.resolve('tsx')], stdio: 'inherit' });
    child.once('message', (reply: Reply | { error: string }) => {
      if (reply && typeof reply === 'object' && 'error' in reply && typeof reply.error === 'string' && Object.keys(reply).length === 1) reject(new Error(reply.error));
      else resolve(reply as Reply);
    });
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
      .catch((error: unknown) => ({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }))
      .then((reply) => process.send!(reply, () => process.disconnect()));
  });
}
