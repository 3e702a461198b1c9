/**
 * Serves Discord's Interactions Endpoint URL, POST /discord/interactions, when DISCORD_PUBLIC_KEY is set: the
 * alternative to slash commands over the gateway (wire-facts §4.1). Only the path and the method are checked
 * here; createInteractionsEndpoint verifies each request and answers it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const INTERACTIONS_PATH = '/discord/interactions';

export interface InteractionsServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function listenForInteractions(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  host: string,
  port: number,
): Promise<InteractionsServer> {
  const server = createServer((req, res) => {
    if ((req.url ?? '').split('?', 1)[0] !== INTERACTIONS_PATH) return void res.writeHead(404).end();
    if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST' }).end();
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(new Error(`the Discord interactions endpoint cannot listen on ${host}:${port}: ${error.message}`)),
    );
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}${INTERACTIONS_PATH}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
