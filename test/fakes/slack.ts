/**
 * A fake Slack on 127.0.0.1: the Web API methods paperboy calls (POST /api/<method>), a response_url
 * sink (POST /response/<id>) and Socket Mode (apps.connections.open + a `ws` server). It records what
 * it receives, so tests assert on what Slack would have seen.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseForm } from 'node:querystring';
import { WebSocketServer, type WebSocket } from 'ws';

export {
  blockActionsPayload,
  reactionEnvelope,
  sendSignedEvent,
  sendSignedInteraction,
  sendSignedSlashCommand,
  signSlackRequest,
  slashCommandBody,
} from './slack-requests.ts';

export interface RecordedCall {
  readonly method: string;
  /** The token the call was made with (Authorization: Bearer, or a `token` field), if any. */
  readonly token: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
  readonly at: number;
}

export interface StoredMessage {
  readonly channel: string;
  readonly ts: string;
  readonly text?: string;
  readonly blocks?: unknown;
  readonly thread_ts?: string;
  readonly metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/** A file uploaded through files.getUploadURLExternal → the upload URL → files.completeUploadExternal. */
export interface UploadedFile {
  readonly id: string;
  readonly filename: string;
  /** What getUploadURLExternal was told the size is. */
  readonly length: number;
  readonly altText?: string;
  /** The bytes POSTed to the upload URL (raw, or the file part of a multipart body). */
  bytes?: Buffer;
  /** Set by completeUploadExternal: where the file was shared. */
  shared?: { readonly channel: string; readonly threadTs?: string; readonly title?: string };
}

export interface ResponseUrlPost {
  readonly id: string;
  readonly body: Record<string, unknown>;
  readonly at: number;
}

export interface SocketAck {
  readonly envelope_id: string;
  readonly payload?: unknown;
  readonly at: number;
}

export type ScriptedFailure =
  | { readonly status: 429; readonly retryAfter: number }
  /** A 500; with `afterPosting` the call takes effect first, as when Slack posts and the answer is lost. */
  | { readonly status: 500; readonly afterPosting: boolean }
  /** The connection is closed without an answer; with `afterPosting` the call takes effect first. */
  | { readonly dropConnection: true; readonly afterPosting: boolean }
  | { readonly error: string };

export const FAKE_BOT = { token: 'xoxb-test', appToken: 'xapp-test', userId: 'UBOT', botId: 'BBOT', teamId: 'T1' } as const;

/** The app's credentials for the OAuth flow (oauth.v2.access checks them). */
export const FAKE_APP = { clientId: '1111.2222', clientSecret: 'fake-client-secret', appId: 'A1' } as const;

/** A workspace the app is installed in through OAuth: its bot token answers auth.test with this identity. */
export interface FakeWorkspace {
  readonly teamId: string;
  readonly teamName: string;
  readonly botToken: string;
  readonly botUserId: string;
  readonly botId: string;
  /** Who clicked "Allow". */
  readonly installerId: string;
}

const JSON_FIELDS = new Set(['blocks', 'metadata', 'attachments', 'files']);

export async function startSlackFake() {
  const calls: RecordedCall[] = [];
  const messages: StoredMessage[] = [];
  const responses: ResponseUrlPost[] = [];
  const refusals = new Map<string, string[]>();
  const acks: SocketAck[] = [];
  const uploads: UploadedFile[] = [];
  const failures = new Map<string, ScriptedFailure[]>();
  const sockets = new Set<WebSocket>();
  /** method → the channels whose calls hang ('*': every call of the method). */
  const hanging = new Map<string, Set<string>>();
  /** method → one-off hangs by channel, each taken by the first call to its channel. */
  const hangingOnce = new Map<string, { channel: string; afterPosting: boolean }[]>();
  let tsCounter = 100;
  let envelopeCounter = 0;
  /** OAuth: codes not yet exchanged, and the workspace each issued bot token belongs to. */
  const codes = new Map<string, FakeWorkspace>();
  const workspaces = new Map<string, FakeWorkspace>();
  const revoked = new Set<string>();
  let codeCounter = 0;

  const server = createServer((req, res) => {
    void readBody(req).then((raw) =>
      req.url?.startsWith('/upload/') ? receiveUpload(req, res, raw) : route(req, res, raw.toString('utf8')),
    );
  });
  const wss = new WebSocketServer({ server, path: '/socket' });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  wss.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
      if (message.envelope_id) acks.push({ envelope_id: message.envelope_id, payload: message.payload, at: Date.now() });
    });
    socket.send(
      JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-slack' }, connection_info: { app_id: 'A1' } }),
    );
  });

  function route(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const path = new URL(req.url ?? '/', url).pathname;
    const response = /^\/response\/([^/]+)$/.exec(path);
    if (response && req.method === 'POST') {
      responses.push({ id: response[1]!, body: JSON.parse(raw) as Record<string, unknown>, at: Date.now() });
      const refusal = refusals.get(response[1]!)?.shift();
      // As Slack's webhooks answer a payload they refuse: an HTTP error with the reason as plain text.
      if (refusal) return send(res, 400, refusal, 'text/plain');
      return send(res, 200, 'ok', 'text/plain');
    }
    const api = /^\/api\/([\w.]+)$/.exec(path);
    if (!api || req.method !== 'POST') return send(res, 404, 'not found', 'text/plain');
    const method = api[1]!;
    const body = parseBody(req.headers['content-type'], raw);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof body['token'] === 'string' ? body['token'] : undefined);
    calls.push({ method, token, headers: req.headers, body, at: Date.now() });
    const hangs = hanging.get(method);
    // Read and recorded, never answered: the connection stays open until the client gives up or the fake closes.
    if (hangs && (hangs.has('*') || hangs.has(String(body['channel'])))) return;
    const once = hangingOnce.get(method) ?? [];
    const hangNow = once.findIndex((h) => h.channel === String(body['channel']));
    if (hangNow >= 0) {
      if (once.splice(hangNow, 1)[0]!.afterPosting) answer(method, body, token);
      return;
    }
    const failure = failures.get(method)?.shift();
    if (failure && 'retryAfter' in failure) {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(failure.retryAfter) });
      return void res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
    }
    if (failure && 'afterPosting' in failure) {
      if (failure.afterPosting) answer(method, body, token);
      if ('dropConnection' in failure) return void req.socket.destroy();
      return send(res, 500, 'internal error', 'text/plain');
    }
    if (failure) return sendJson(res, { ok: false, error: failure.error });
    // Like Slack's: the app's credentials in the body, no token.
    if (method === 'oauth.v2.access') return sendJson(res, exchange(body));
    if (token && revoked.has(token)) return sendJson(res, { ok: false, error: 'token_revoked' });
    const valid =
      method === 'apps.connections.open' ? token === FAKE_BOT.appToken : token === FAKE_BOT.token || workspaces.has(token ?? '');
    if (!valid) return sendJson(res, { ok: false, error: 'invalid_auth' });
    sendJson(res, answer(method, body, token));
  }

  /** oauth.v2.access: a code issued by approveInstall, once, for the app's own credentials. */
  function exchange(body: Record<string, unknown>): Record<string, unknown> {
    if (body['client_id'] !== FAKE_APP.clientId) return { ok: false, error: 'invalid_client_id' };
    if (body['client_secret'] !== FAKE_APP.clientSecret) return { ok: false, error: 'bad_client_secret' };
    const workspace = codes.get(String(body['code']));
    if (!workspace) return { ok: false, error: 'invalid_code' };
    codes.delete(String(body['code']));
    workspaces.set(workspace.botToken, workspace);
    return {
      ok: true,
      access_token: workspace.botToken,
      token_type: 'bot',
      scope: 'commands,chat:write,app_mentions:read,channels:history,groups:history,reactions:read',
      bot_user_id: workspace.botUserId,
      app_id: FAKE_APP.appId,
      team: { id: workspace.teamId, name: workspace.teamName },
      enterprise: null,
      is_enterprise_install: false,
      authed_user: { id: workspace.installerId },
    };
  }

  /** The upload URL handed out by getUploadURLExternal: takes the bytes, raw or as multipart form data, as Slack's does. */
  async function receiveUpload(req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
    const file = uploads.find((u) => req.url === `/upload/${u.id}`);
    if (!file || req.method !== 'POST') return send(res, 404, 'not found', 'text/plain');
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) {
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData();
      const part = [...form.values()].find((v) => typeof v !== 'string');
      file.bytes = part && typeof part !== 'string' ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
    } else file.bytes = raw;
    send(res, 200, `OK - ${file.bytes.length}`, 'text/plain');
  }

  function answer(method: string, body: Record<string, unknown>, token: string | undefined): Record<string, unknown> {
    const workspace = workspaces.get(token ?? '');
    const botId = workspace?.botId ?? FAKE_BOT.botId;
    switch (method) {
      case 'files.getUploadURLExternal': {
        const length = Number(body['length']);
        if (!body['filename'] || !(length > 0)) return { ok: false, error: 'invalid_arguments' };
        const id = `F${String(uploads.length + 1).padStart(8, '0')}`;
        const altText = typeof body['alt_text'] === 'string' ? body['alt_text'] : undefined;
        uploads.push({ id, filename: String(body['filename']), length, ...(altText ? { altText } : {}) });
        // On 127.0.0.1 like everything here: the client must post the bytes where it is told.
        return { ok: true, upload_url: `${url}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const listed = Array.isArray(body['files']) ? (body['files'] as { id: string; title?: string }[]) : [];
        const files = listed.map((f) => uploads.find((u) => u.id === f.id && u.bytes));
        if (listed.length === 0 || files.some((f) => !f)) return { ok: false, error: 'file_not_found' };
        for (const [i, file] of files.entries()) {
          const threadTs = typeof body['thread_ts'] === 'string' ? body['thread_ts'] : undefined;
          const title = listed[i]!.title;
          file!.shared = { channel: String(body['channel_id']), ...(threadTs ? { threadTs } : {}), ...(title ? { title } : {}) };
        }
        return { ok: true, files: files.map((f) => ({ id: f!.id, name: f!.filename, title: f!.shared?.title ?? f!.filename })) };
      }
      case 'auth.test':
        return {
          ok: true,
          url: `https://${workspace ? workspace.teamId.toLowerCase() : 'fake'}.slack.test/`,
          team: workspace?.teamName ?? 'Fake',
          user: 'paperboy',
          team_id: workspace?.teamId ?? FAKE_BOT.teamId,
          user_id: workspace?.botUserId ?? FAKE_BOT.userId,
          bot_id: botId,
          is_enterprise_install: false,
        };
      case 'chat.postMessage': {
        const problems = blockProblems(body['blocks']);
        if (problems.length > 0) return { ok: false, error: 'invalid_blocks', errors: problems };
        const message: StoredMessage = {
          channel: String(body['channel']),
          // Like Slack's: the post's time in seconds, then a part that keeps it unique (and increasing here).
          ts: `${Math.floor(Date.now() / 1000)}.${String(tsCounter++).padStart(6, '0')}`,
          ...(typeof body['text'] === 'string' ? { text: body['text'] } : {}),
          ...(body['blocks'] ? { blocks: body['blocks'] } : {}),
          ...(typeof body['thread_ts'] === 'string' ? { thread_ts: body['thread_ts'] } : {}),
          ...(body['metadata'] ? { metadata: body['metadata'] as StoredMessage['metadata'] & object } : {}),
        };
        messages.push(message);
        return { ok: true, channel: message.channel, ts: message.ts, message: { ...message, bot_id: botId } };
      }
      case 'chat.update':
        return { ok: true, channel: body['channel'], ts: body['ts'], text: body['text'] };
      case 'conversations.history':
        return history(body);
      case 'conversations.replies':
        return replies(body);
      case 'apps.connections.open':
        return { ok: true, url: `${url.replace('http', 'ws')}/socket` };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  /** Top-level messages of a channel, newest first, from `oldest`. */
  function history(body: Record<string, unknown>): Record<string, unknown> {
    const oldest = Number(body['oldest'] ?? 0);
    const latest = body['latest'] === undefined ? Infinity : Number(body['latest']);
    // As Slack's: `oldest` and `latest` are exclusive unless `inclusive` is true.
    const inclusive = String(body['inclusive']) === 'true';
    const within = (ts: number) => (inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest);
    const found = messages.filter((m) => m.channel === body['channel'] && !m.thread_ts && within(Number(m.ts))).reverse();
    return paged(
      found.map((m) => listed(m, body)),
      body,
      100,
    );
  }

  /**
   * The thread of `ts` (its parent or any reply): the parent first, then the replies, oldest first. A parent
   * the fake never saw (a user's message) is left out; with neither parent nor replies, thread_not_found.
   */
  function replies(body: Record<string, unknown>): Record<string, unknown> {
    const inChannel = messages.filter((m) => m.channel === body['channel']);
    const root = inChannel.find((m) => m.ts === body['ts'])?.thread_ts ?? String(body['ts']);
    const parent = inChannel.filter((m) => m.ts === root);
    const thread = inChannel.filter((m) => m.thread_ts === root);
    if (parent.length + thread.length === 0) return { ok: false, error: 'thread_not_found' };
    const parentFields = thread.length > 0 ? { thread_ts: root, reply_count: thread.length } : {};
    return paged([...parent.map((m) => ({ ...listed(m, body), ...parentFields })), ...thread.map((m) => listed(m, body))], body, 1000);
  }

  return {
    url,
    /** What SLACK_API_URL / apiUrl should be. */
    apiUrl: `${url}/api/`,
    calls,
    messages,
    responses,
    acks,
    uploads,
    callsTo: (method: string) => calls.filter((c) => c.method === method),
    responseUrl: (id: string) => `${url}/response/${id}`,
    /** The next POST to response_url `id` is refused with 400 and this reason (e.g. "invalid_blocks"). */
    refuseNextResponse(id: string, reason: string): void {
      refusals.set(id, [...(refusals.get(id) ?? []), reason]);
    },
    /** The next call(s) of `method` fail as scripted, in order. */
    failNext(method: string, ...scripted: ScriptedFailure[]): void {
      failures.set(method, [...(failures.get(method) ?? []), ...scripted]);
    },
    /** Every later call of `method` (to `channel`, if given) is read and never answered, as by a hung Slack. */
    hang(method: string, channel = '*'): void {
      hanging.set(method, new Set([...(hanging.get(method) ?? []), channel]));
    },
    /**
     * The next call of `method` to `channel` is read and never answered, once; with `afterPosting` it takes
     * effect first (Slack posted, and the answer never came back).
     */
    hangOnce(method: string, channel: string, afterPosting = false): void {
      hangingOnce.set(method, [...(hangingOnce.get(method) ?? []), { channel, afterPosting }]);
    },
    /** Sends a Socket Mode envelope to every connected client; returns its envelope_id. */
    pushEnvelope(type: 'slash_commands' | 'events_api' | 'interactive', payload: unknown): string {
      const envelopeId = `env-${++envelopeCounter}`;
      const envelope = {
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
        retry_attempt: 0,
        retry_reason: '',
      };
      for (const socket of sockets) socket.send(JSON.stringify(envelope));
      return envelopeId;
    },
    socketCount: () => sockets.size,
    /**
     * Someone in `teamId` clicked "Allow" on Slack's consent page: returns the code Slack would put in the
     * redirect, which oauth.v2.access exchanges (once) for the workspace's bot token.
     */
    approveInstall(teamId: string, teamName = `Workspace ${teamId}`): { code: string; workspace: FakeWorkspace } {
      const workspace: FakeWorkspace = {
        teamId,
        teamName,
        botToken: `xoxb-${teamId}-${++codeCounter}`,
        botUserId: `UBOT${teamId}`,
        botId: `BBOT${teamId}`,
        installerId: `UADMIN${teamId}`,
      };
      const code = `code-${teamId}-${codeCounter}`;
      codes.set(code, workspace);
      return { code, workspace };
    },
    /** The workspace uninstalled the app: its tokens stop working, as Slack's do. */
    revokeWorkspace(teamId: string): void {
      for (const [token, workspace] of workspaces) if (workspace.teamId === teamId) revoked.add(token);
    },
    async close(): Promise<void> {
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type SlackFake = Awaited<ReturnType<typeof startSlackFake>>;

/** A stored message as the read methods list it: metadata only with include_all_metadata, as Slack's. */
function listed({ metadata, ...rest }: StoredMessage, body: Record<string, unknown>): Record<string, unknown> {
  const withMetadata = String(body['include_all_metadata']) === 'true';
  return { type: 'message', bot_id: FAKE_BOT.botId, ...rest, ...(withMetadata && metadata ? { metadata } : {}) };
}

/** Cursor paging: `limit` messages a page (default `defaultLimit`), an empty next_cursor on the last one. */
function paged(all: readonly Record<string, unknown>[], body: Record<string, unknown>, defaultLimit: number): Record<string, unknown> {
  const limit = Number(body['limit'] ?? defaultLimit);
  const offset = Number(body['cursor'] ?? 0);
  const next = offset + limit < all.length ? String(offset + limit) : '';
  return { ok: true, messages: all.slice(offset, offset + limit), has_more: next !== '', response_metadata: { next_cursor: next } };
}

/** Polls until `probe` returns something, or fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Slack's own checks on the limits paperboy must respect (wire-facts §3.6), answered as `invalid_blocks`. */
function blockProblems(blocks: unknown): string[] {
  if (blocks === undefined) return [];
  if (!Array.isArray(blocks)) return ['blocks must be an array'];
  const problems: string[] = [];
  if (blocks.length > 50) problems.push('no more than 50 items allowed [json-pointer:/blocks]');
  blocks.forEach((block: { type?: string; text?: { text?: string }; fields?: { text?: string }[] }, i) => {
    const text = block.text?.text ?? '';
    const max = block.type === 'header' ? 150 : 3000;
    if (text.length > max) problems.push(`must be less than ${max + 1} characters [json-pointer:/blocks/${i}/text/text]`);
    if ((block.fields?.length ?? 0) > 10) problems.push(`no more than 10 items allowed [json-pointer:/blocks/${i}/fields]`);
    block.fields?.forEach((f, j) => {
      if ((f.text?.length ?? 0) > 2000) problems.push(`must be less than 2001 characters [json-pointer:/blocks/${i}/fields/${j}/text]`);
    });
  });
  return problems;
}

function parseBody(contentType: string | undefined, raw: string): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.startsWith('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const form = parseForm(raw);
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(form)) {
    const text = Array.isArray(value) ? value[0] : value;
    body[key] = JSON_FIELDS.has(key) && typeof text === 'string' ? JSON.parse(text) : text;
  }
  return body;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: string, type: string): void {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

function sendJson(res: ServerResponse, body: Record<string, unknown>): void {
  send(res, 200, JSON.stringify(body), 'application/json; charset=utf-8');
}
