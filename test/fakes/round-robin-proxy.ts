/**
 * A load balancer on 127.0.0.1 in front of several replicas: each request goes to the next target in turn
 * (round robin), its method, path, headers and raw body unchanged, and the target's answer comes back as is.
 * It records which target took each request, so tests can see that every replica answered its share.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Forwarded {
  readonly target: number;
  readonly path: string;
  readonly status: number;
}

export async function startRoundRobinProxy(targets: readonly string[]) {
  const forwarded: Forwarded[] = [];
  let turn = 0;
  let steered: number | undefined;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const target = steered ?? turn++ % targets.length;
    steered = undefined;
    const url = new URL(req.url ?? '/', targets[target]);
    const upstream = request(url, { method: req.method, headers: { ...req.headers, host: url.host } }, (answer) => {
      forwarded.push({ target, path: url.pathname, status: answer.statusCode ?? 0 });
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      forwarded.push({ target, path: url.pathname, status: 502 });
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    forwarded,
    /** The next request goes to this target, whatever the turn (a retry landing on another replica). */
    steerNextTo(target: number): void {
      steered = target;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
