/**
 * Slack's HTTP side in front of Bolt's App (HTTP mode): POST /slack/events only, each request's signature
 * checked once and its body parsed once (wire-facts §3.2), then app.processEvent with an ack that writes
 * the HTTP answer. It stands in for Bolt's HTTPReceiver, which verifies and parses every request twice;
 * where it answers as that receiver does, the comment names the part of Bolt 5.1 it mirrors.
 * A slash command that `ackAtOnce` recognises is acked here, before Bolt's middleware runs: Bolt gets it
 * once the burst's acks are written, with an ack() that does nothing.
 */
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ListenOptions } from 'node:net';
import { parse as parseForm } from 'node:querystring';
import { AuthorizationError, type App, type Logger, type Receiver, type ReceiverEvent } from '@slack/bolt';
import { nextTurn } from './turns.ts';

/** A request's body: the form's fields, or the JSON (an Events API envelope, an interactivity payload). */
export type RequestBody = Readonly<Record<string, unknown>>;

/** The HTTP answer to write at once: nothing (an empty 200), a string, or JSON, as for Bolt's ack(). */
export interface EarlyAck {
  readonly response?: unknown;
}

export interface SlackReceiverOptions {
  readonly signingSecret: string;
  readonly logger: Logger;
  /** Default "/slack/events". */
  readonly path?: string;
  /** Bytes; a bigger body is answered 413. Default 1 MB. */
  readonly bodyLimit?: number;
  /** How long a request may wait for its ack before it is answered 404; default 3001 ms, as Bolt's. */
  readonly unhandledRequestTimeoutMs?: number;
  /** Asked about each verified slash command (a form body without `payload`): its ack, or undefined to leave it to Bolt. */
  readonly ackAtOnce?: (body: RequestBody) => EarlyAck | undefined;
}

/** Slack's replay window: a timestamp further than this from now is refused (wire-facts §3.2). */
const MAX_SKEW_SECONDS = 5 * 60;
const FORM = 'application/x-www-form-urlencoded';
/** HTTPResponseAck.unhandledFunctionRequestTimeoutMillis: function_executed events may take longer to ack. */
const FUNCTION_EXECUTED_TIMEOUT_MS = 5001;
/** afterAcks: the requests of a burst are taken to be over once none has come in for this long… */
const QUIET_MS = 20;
/** …and work held for them goes ahead after this long anyway, so that steady traffic cannot starve it. */
const MAX_HOLD_MS = 1000;

type Body = Record<string, unknown>;
const AFTER_ACK_ERROR = 'An unhandled error occurred after ack() was called in a listener';

/**
 * `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>`, compared in constant time, within the replay window.
 * `secret` may be a KeyObject made once: preparing the key from a string costs as much as the HMAC itself.
 */
export function isSignedBySlack(
  secret: string | KeyObject,
  rawBody: Buffer | string,
  timestamp: unknown,
  signature: unknown,
  nowMs = Date.now(),
): boolean {
  if (typeof timestamp !== 'string' || typeof signature !== 'string' || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return false;
  const expected = Buffer.from(`v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(rawBody).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export class SlackReceiver implements Receiver {
  private app: App | undefined;
  private server: Server | undefined;
  private readonly path: string;
  private readonly bodyLimit: number;
  private readonly unhandledTimeoutMs: number;
  /** Requests read whose HTTP answer is not written yet, and when the last one came in. */
  private unanswered = 0;
  private lastArrival = -Infinity;
  private held: { readonly until: number; readonly resolve: () => void }[] = [];
  private holdTimer: NodeJS.Timeout | undefined;
  private readonly signingKey: KeyObject;

  private readonly options: SlackReceiverOptions;

  constructor(options: SlackReceiverOptions) {
    this.options = options;
    this.signingKey = createSecretKey(Buffer.from(options.signingSecret));
    this.path = options.path ?? '/slack/events';
    this.bodyLimit = options.bodyLimit ?? 1024 * 1024;
    this.unhandledTimeoutMs = options.unhandledRequestTimeoutMs ?? 3001;
  }

  init(app: App): void {
    this.app = app;
  }

  /** Listens on `listen` (port 0 picks a free one: see server.address()). */
  start(listen: ListenOptions = { port: 3000 }): Promise<Server> {
    if (this.server) return Promise.reject(new Error('the Slack receiver is already started'));
    const server = createServer((req, res) => this.route(req, res));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', (error) => {
        this.server = undefined;
        server.close();
        reject(error);
      });
      server.listen(listen, () => resolve(server));
    });
  }

  /**
   * Resolves once every request read so far is answered and none has come in for QUIET_MS (at most MAX_HOLD_MS
   * from now): work that follows an ack waits here, so that in a burst it neither takes this thread nor the
   * CPU from the acks still due (Slack's 3 s) while the answers have minutes. In a burst this runs once per
   * request, between acks, so it does O(1) work: one timer looks in every QUIET_MS while anything is held.
   */
  afterAcks(): Promise<void> {
    const now = performance.now();
    if (this.held.length === 0 && this.quiet(now)) return Promise.resolve();
    return new Promise((resolve) => {
      this.held.push({ until: now + MAX_HOLD_MS, resolve });
      if (!this.holdTimer) this.armHoldTimer(now);
    });
  }

  private quiet(now: number): boolean {
    return this.unanswered === 0 && now - this.lastArrival >= QUIET_MS;
  }

  /** Lets go of the held work that may go ahead: all of it once quiet (or stopped), else what has waited MAX_HOLD_MS. */
  private release(): void {
    clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    const now = performance.now();
    let due = this.held.length;
    // `held` is in the order of the calls, so their deadlines ascend: the due ones are a prefix.
    if (!this.quiet(now) && this.server) for (due = 0; due < this.held.length && this.held[due]!.until <= now;) due++;
    for (const h of this.held.splice(0, due)) h.resolve();
    if (this.held.length > 0) this.armHoldTimer(now);
  }

  /** The next look: when the quiet wait could be over, or the oldest held work's deadline if sooner. */
  private armHoldTimer(now: number): void {
    const quietAt = this.unanswered === 0 ? this.lastArrival + QUIET_MS : now + QUIET_MS;
    this.holdTimer = setTimeout(() => this.release(), Math.max(1, Math.min(this.held[0]!.until, quietAt) - now));
  }

  /** Stops listening; resolves once the open requests are answered and their connections closed. */
  stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.release();
    if (!server) return Promise.resolve();
    return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '';
    const query = url.indexOf('?');
    if ((query < 0 ? url : url.slice(0, query)) !== this.path) return void res.writeHead(404).end();
    if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST' }).end();
    if (Number(req.headers['content-length'] ?? 0) > this.bodyLimit) return this.tooLarge(req, res);
    this.unanswered += 1;
    this.lastArrival = performance.now();
    res.once('close', () => void (this.unanswered -= 1));

    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > this.bodyLimit) {
        refused = true;
        this.tooLarge(req, res);
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      if (!refused) this.receive(req, res, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    req.on('error', () => undefined);
  }

  private tooLarge(req: IncomingMessage, res: ServerResponse): void {
    this.options.logger.warn(`Request body exceeded the maximum allowed size (limit: ${this.bodyLimit} bytes)`);
    res.writeHead(413, { connection: 'close' }).end();
    req.resume();
  }

  private receive(req: IncomingMessage, res: ServerResponse, raw: Buffer): void {
    const { logger } = this.options;
    const form = mediaType(req.headers['content-type']) === FORM ? parseForm(raw.toString()) : undefined;
    // parseAndVerifyHTTPRequest: ssl_check pings are not signed; they are answered and nothing else is read.
    if (form?.['ssl_check'] === '1') return void res.writeHead(200).end();
    if (!isSignedBySlack(this.signingKey, raw, req.headers['x-slack-request-timestamp'], req.headers['x-slack-signature'])) {
      logger.warn('Failed to verify the authenticity of a request: bad or stale signature');
      return void res.writeHead(401).end();
    }
    let body: Body;
    try {
      body = form ? (typeof form['payload'] === 'string' ? JSON.parse(form['payload']) : form) : JSON.parse(raw.toString());
      if (typeof body !== 'object' || body === null) throw new Error('not an object');
    } catch (error) {
      logger.warn(`Malformed request body: ${error instanceof Error ? error.message : String(error)}`);
      return void res.writeHead(400).end();
    }
    if (body['type'] === 'url_verification') {
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ challenge: body['challenge'] }));
    }
    const early = form && typeof form['payload'] !== 'string' ? this.earlyAck(body) : undefined;
    if (early && this.app) this.ackBeforeBolt(req, res, body, early, this.app);
    else this.dispatch(req, res, body);
  }

  /** A hook that throws leaves the request to Bolt. */
  private earlyAck(body: Body): EarlyAck | undefined {
    try {
      return this.options.ackAtOnce?.(body);
    } catch (error) {
      this.options.logger.error('ackAtOnce threw; the request is left to Bolt', error);
      return undefined;
    }
  }

  private ackBeforeBolt(req: IncomingMessage, res: ServerResponse, body: Body, early: EarlyAck, app: App): void {
    writeAck(res, early.response);
    const event = receiverEvent(req, body, async () => undefined);
    // One request's Bolt run per turn of the event loop, after the burst: the next request's ack goes first.
    this.afterAcks()
      .then(nextTurn)
      .then(() => app.processEvent(event))
      .catch((error: unknown) => this.options.logger.error(AFTER_ACK_ERROR, error));
  }

  private dispatch(req: IncomingMessage, res: ServerResponse, body: Body): void {
    const { logger } = this.options;
    let answered = false;
    // HTTPResponseAck.init + defaultUnhandledRequestHandler: no ack in time → 404, so Slack shows its own error.
    const isFunction = (body['event'] as Body | undefined)?.['type'] === 'function_executed';
    const noAck = setTimeout(
      () => {
        answered = true;
        logger.warn('An incoming request was not acknowledged within 3 seconds: answered 404. Ensure that ack() is called in a listener.');
        if (!res.headersSent) res.writeHead(404).end();
      },
      isFunction ? FUNCTION_EXECUTED_TIMEOUT_MS : this.unhandledTimeoutMs,
    );
    noAck.unref();
    const answer = (write: () => void) => {
      answered = true;
      clearTimeout(noAck);
      write();
    };

    const event = receiverEvent(req, body, async (response?: unknown) => {
      if (answered) return void logger.error('ack() was called again, or after the 3 s timeout; the response was already sent');
      answer(() => writeAck(res, response));
    });
    if (!this.app) return answer(() => res.writeHead(500).end());
    // defaultProcessEventErrorHandler: after the ack only log; before it, 401 for authorize's failure, else 500.
    this.app.processEvent(event).catch((error: unknown) => {
      if (answered) return void logger.error(AFTER_ACK_ERROR, error);
      logger.error('An unhandled error occurred while Bolt processed an event', error);
      answer(() => res.writeHead(error instanceof AuthorizationError ? 401 : 500).end());
    });
  }
}

function receiverEvent(req: IncomingMessage, body: Body, ack: ReceiverEvent['ack']): ReceiverEvent {
  return {
    body,
    ack,
    retryNum: retryNum(req.headers['x-slack-retry-num']),
    retryReason: firstHeader(req.headers['x-slack-retry-reason']),
    customProperties: {},
  };
}

/** HTTPModuleFunctions.buildContentResponse: nothing → empty 200, a string as is, anything else as JSON. */
function writeAck(res: ServerResponse, response: unknown): void {
  if (!response) res.writeHead(200).end();
  else if (typeof response === 'string') res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(response);
  else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(response));
}

function mediaType(header: string | undefined): string | undefined {
  return header?.split(';', 1)[0]!.trim().toLowerCase();
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function retryNum(value: string | string[] | undefined): number | undefined {
  const text = firstHeader(value);
  return text === undefined ? undefined : Number.parseInt(text, 10);
}
