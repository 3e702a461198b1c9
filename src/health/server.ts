/**
 * GET /healthz (the process answers) and GET /readyz (it can do its work) on a small node:http server of its
 * own, so the same probes work in every mode: Socket Mode, the Discord gateway, HTTP mode and the terminal.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.ts';
import type { Readiness } from './readiness.ts';

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

export interface HealthOptions {
  readonly host: string;
  readonly port: number;
  readonly readiness: () => Readiness | Promise<Readiness>;
  readonly log: Logger;
}

export async function startHealthServer(options: HealthOptions): Promise<HealthServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(`${JSON.stringify(body)}\n`);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, { error: 'only GET' });
    if (path === '/healthz') return send(200, { status: 'ok' });
    if (path === '/readyz') {
      // readiness() answers a store failure itself (store: the error); anything else is a 500.
      return void Promise.resolve()
        .then(() => options.readiness())
        .then(
          (readiness) => send(readiness.ready ? 200 : 503, readiness),
          (error: unknown) => send(500, { error: String(error) }),
        );
    }
    return send(404, { error: 'not found; try /healthz or /readyz' });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  options.log.info(`health checks on http://${options.host}:${port}/healthz and /readyz`);
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
