import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
}

/** A loopback stand-in for the HF and arXiv APIs: each path answers from a queue, the last answer repeats. */
export async function startListingServer() {
  const scripts = new Map<string, ScriptedResponse[]>();
  const requests: { path: string; at: number }[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    requests.push({ path, at: Date.now() });
    const queue = scripts.get(path.split('?')[0]!) ?? [];
    const next = queue.length > 1 ? queue.shift()! : (queue[0] ?? { status: 404, body: 'not found' });
    res.writeHead(next.status ?? 200, next.headers ?? {});
    res.end(next.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script(path: string, ...responses: ScriptedResponse[]) {
      scripts.set(path, responses);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
