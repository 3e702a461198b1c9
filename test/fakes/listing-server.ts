import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Sent as `times` writes of `chunk` (chunked, no Content-Length): a body too big to announce. */
  stream?: { chunk: string; times: number };
}

/**
 * A loopback stand-in for the HF and arXiv APIs: each path answers from a queue, the last answer repeats.
 * A script for a path with its query ("/api/daily_papers?date=2026-03-25") wins over one for the bare path.
 */
export async function startListingServer() {
  const scripts = new Map<string, ScriptedResponse[]>();
  const requests: { path: string; at: number }[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    requests.push({ path, at: Date.now() });
    const queue = scripts.get(path) ?? scripts.get(path.split('?')[0]!) ?? [];
    const next = queue.length > 1 ? queue.shift()! : (queue[0] ?? { status: 404, body: 'not found' });
    res.writeHead(next.status ?? 200, next.headers ?? {});
    if (next.stream) void streamBody(res, next.stream);
    else res.end(next.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script(path: string, ...responses: ScriptedResponse[]) {
      scripts.set(path, responses);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes the chunks as the client reads them, and stops when it goes away. */
async function streamBody(res: ServerResponse, { chunk, times }: { chunk: string; times: number }): Promise<void> {
  for (let i = 0; i < times && !res.destroyed; i += 1) {
    if (!res.write(chunk)) await new Promise((resolve) => (res.once('drain', resolve), res.once('close', resolve)));
  }
  if (!res.destroyed) res.end();
}
