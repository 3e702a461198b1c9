/**
 * HTTP mode is Bolt's own HTTPReceiver: POST /slack/events (signature checked and body parsed once, by Bolt),
 * Bolt's 3 s unhandled-request answer, and `customRoutes` (health checks). Two additions go through its
 * public `requestListener`, reading headers only: a timestamp more than five minutes in the future is refused
 * as a stale one is (wire-facts §3.2: |now − timestamp| > 300 s; Bolt checks only the past), and another
 * method on the events path is answered 405. It also counts the requests still waiting for their answer
 * (BurstGuard).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPModuleFunctions, HTTPReceiver, HTTPReceiverDeferredRequestError, type CustomRoute, type Logger } from '@slack/bolt';
import { BurstGuard } from './burst-guard.ts';
import type { InstallerOptions } from './oauth.ts';

export const EVENTS_PATH = '/slack/events';
/** Slack's replay window (wire-facts §3.2). */
const MAX_SKEW_SECONDS = 5 * 60;
/** Slack's requests are small; a bigger body is answered 413 before it is read. */
const BODY_LIMIT = 1024 * 1024;

export interface SlackHttpReceiverOptions {
  readonly signingSecret: string;
  readonly logger: Logger;
  readonly customRoutes?: readonly CustomRoute[];
  /** Many workspaces: Bolt's installer (GET /slack/install and /slack/oauth_redirect) and authorize (oauth.ts). */
  readonly installer?: InstallerOptions;
}

export interface SlackHttpReceiver {
  readonly receiver: HTTPReceiver;
  readonly guard: BurstGuard;
}

export function createSlackHttpReceiver({
  signingSecret,
  logger,
  customRoutes = [],
  installer,
}: SlackHttpReceiverOptions): SlackHttpReceiver {
  const guard = new BurstGuard();
  const receiver = new HTTPReceiver({
    ...installer,
    signingSecret,
    logger,
    endpoints: EVENTS_PATH,
    customRoutes: [...customRoutes],
    bodyLimit: BODY_LIMIT,
    dispatchErrorHandler: (args) => {
      const { error, request, response } = args;
      if (error instanceof HTTPReceiverDeferredRequestError && pathOf(request) === EVENTS_PATH) {
        return void response.writeHead(405, { allow: 'POST' }).end();
      }
      HTTPModuleFunctions.defaultDispatchErrorHandler(args);
    },
  });
  const bolt = receiver.requestListener;
  receiver.requestListener = (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'POST' && pathOf(req) === EVENTS_PATH) {
      if (fromTheFuture(req.headers['x-slack-request-timestamp'])) {
        logger.warn('Failed to verify the authenticity of a request: its timestamp is more than 5 minutes in the future');
        return void res.writeHead(401).end();
      }
      guard.arrived(res);
    }
    bolt(req, res);
  };
  return { receiver, guard };
}

function fromTheFuture(header: string | string[] | undefined): boolean {
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(seconds) && seconds - Date.now() / 1000 > MAX_SKEW_SECONDS;
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '';
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}
