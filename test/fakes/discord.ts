import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { attachGateway } from './discord-gateway.ts';
import { messageProblems } from './discord-limits.ts';

export interface RecordedRequest {
  readonly method: string;
  /** Without the `/api/v10` prefix and the query, e.g. `/channels/123/messages`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: any;
  /** Files of a multipart request (`files[n]` parts), beside `payload_json` (which is `body`). */
  readonly files?: readonly UploadedFile[];
  /** Date.now() on arrival. */
  readonly at: number;
}

/** A file part of a multipart message request, as Discord stores it as an attachment. */
export interface UploadedFile {
  /** The form field, e.g. `files[0]`. */
  readonly key: string;
  readonly filename: string;
  readonly contentType: string;
  readonly bytes: Buffer;
}

export interface ScriptedFailure {
  readonly method: string;
  readonly path: RegExp;
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
  /** Never answer: the connection stays open until the fake closes. */
  readonly hang?: boolean;
}

type Json = Record<string, any>;
type Answer = { status: number; body?: unknown; headers?: Record<string, string>; hang?: boolean };

let counter = 0;
/** A real-looking snowflake (discord.js reads creation times from ids). */
export const snowflake = (): string => String(((BigInt(Date.now()) - 1420070400000n) << 22n) + BigInt(++counter % 4096));

export const RATE_LIMITED: Omit<ScriptedFailure, 'method' | 'path'> = {
  status: 429,
  body: { message: 'You are being rate limited.', retry_after: 1, global: false },
  headers: {
    'Retry-After': '1',
    'X-RateLimit-Limit': '5',
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset-After': '1',
    'X-RateLimit-Bucket': 'fakebucket',
    'X-RateLimit-Scope': 'user',
  },
};
/** A request that is never answered (a hung connection). */
export const NEVER_ANSWERS: Omit<ScriptedFailure, 'method' | 'path'> = { status: 0, body: undefined, hang: true };
export const MISSING_PERMISSIONS: Omit<ScriptedFailure, 'method' | 'path'> = {
  status: 403,
  body: { message: 'Missing Permissions', code: 50013 },
};

/**
 * A fake Discord on 127.0.0.1: REST under `/api/v10` (recording every request, refusing messages that break
 * the limits with 400 as Discord does) and a gateway WebSocket on the same port.
 */
export async function startFakeDiscord(options: { heartbeatIntervalMs?: number } = {}) {
  const ids = {
    app: '100000000000000001',
    bot: '100000000000000002',
    guild: '100000000000000003',
    channel: '100000000000000004',
    user: '100000000000000005',
  };
  const botUser = { id: ids.bot, username: 'paperboy', discriminator: '0', global_name: null, avatar: null, bot: true };
  const requests: RecordedRequest[] = [];
  const failures: ScriptedFailure[] = [];
  const channels = new Map<string, Json>([
    [
      ids.channel,
      {
        id: ids.channel,
        type: 0,
        guild_id: ids.guild,
        name: 'papers',
        position: 0,
        permission_overwrites: [],
        parent_id: null,
        nsfw: false,
      },
    ],
  ]);
  const messages = new Map<string, Json[]>();
  const nonces = new Map<string, Json>();
  const commands = new Map<string, Json[]>();
  const callbacks = new Map<string, Json>();

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const wsUrl = `ws://127.0.0.1:${port}`;

  const gateway = attachGateway(server, {
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    ready: () => ({
      v: 10,
      user: botUser,
      guilds: [{ id: ids.guild, unavailable: true }],
      session_id: 'fake-session',
      resume_gateway_url: wsUrl,
      shard: [0, 1],
      application: { id: ids.app, flags: 0 },
    }),
    guilds: () => [
      {
        id: ids.guild,
        name: 'Lab',
        owner_id: ids.user,
        unavailable: false,
        member_count: 2,
        large: false,
        features: [],
        joined_at: new Date().toISOString(),
        roles: [
          {
            id: ids.guild,
            name: '@everyone',
            permissions: '0',
            position: 0,
            color: 0,
            hoist: false,
            managed: false,
            mentionable: false,
            flags: 0,
          },
        ],
        channels: [...channels.values()].filter((c) => c.type !== 11),
        threads: [...channels.values()].filter((c) => c.type === 11),
        members: [],
        emojis: [],
        stickers: [],
        voice_states: [],
        presences: [],
        stage_instances: [],
        guild_scheduled_events: [],
      },
    ],
  });

  const newMessage = (channelId: string, body: Json, author: Json = botUser, files: readonly UploadedFile[] = []): Json => {
    const channel = channels.get(channelId);
    const message: Json = {
      id: snowflake(),
      type: 0,
      channel_id: channelId,
      ...(channel?.guild_id ? { guild_id: channel.guild_id } : {}),
      author,
      content: body.content ?? '',
      embeds: body.embeds ?? [],
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: body.mentions ?? [],
      mention_roles: [],
      attachments: files.map((file) => {
        const index = /^files\[(\d+)\]$/.exec(file.key)?.[1];
        const named = (body.attachments as Json[] | undefined)?.find((a) => String(a.id) === index);
        const id = snowflake();
        return {
          id,
          filename: named?.filename ?? file.filename,
          ...(named?.description ? { description: named.description } : {}),
          content_type: file.contentType,
          size: file.bytes.length,
          url: `${url}/attachments/${channelId}/${id}/${file.filename}`,
          proxy_url: `${url}/attachments/${channelId}/${id}/${file.filename}`,
        };
      }),
      components: body.components ?? [],
      pinned: false,
      flags: 0,
    };
    messages.set(channelId, [...(messages.get(channelId) ?? []), message]);
    return message;
  };

  function route(method: string, path: string, body: Json, query: URLSearchParams, files: readonly UploadedFile[] = []): Answer {
    // `attachments` names files by their part's index: one that names no part is refused, as Discord does.
    const parts = new Set(files.map((f) => /^files\[(\d+)\]$/.exec(f.key)?.[1]));
    const unnamed = ((body?.attachments as Json[] | undefined) ?? []).filter((a) => a.id !== undefined && !parts.has(String(a.id)));
    if (method !== 'GET' && files.length > 0 && unnamed.length > 0) return invalid(['attachments: an attachment names no uploaded file']);
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return {
        status: 200,
        body: { url: wsUrl, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } },
      };
    }
    if (method === 'GET' && path === '/users/@me') return { status: 200, body: botUser };
    if ((m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path)) && method === 'POST') {
      const problems = body.type === 4 || body.type === 7 ? messageProblems(body.data ?? {}) : [];
      if (problems.length > 0) return invalid(problems);
      if (callbacks.has(m[2]!)) return { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } };
      callbacks.set(m[2]!, body);
      return { status: 204 };
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)(\/messages\/@original)?$/.exec(path))) {
      if (m[1] !== ids.app || !callbacks.has(m[2]!)) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
      const problems = messageProblems(body, { editing: method === 'PATCH' });
      if (problems.length > 0) return invalid(problems);
      if (method === 'PATCH' || method === 'POST') {
        const message = { ...newMessage(channelFromToken(m[2]!), body, botUser, files), webhook_id: ids.app, application_id: ids.app };
        return { status: 200, body: message };
      }
    }
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path))) {
      if (!channels.has(m[1]!)) return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
      if (method === 'GET') {
        // Newest first, at most `limit` (1–100), only those older than `before` when given.
        const limit = Number(query.get('limit') ?? 50);
        if (!(limit >= 1 && limit <= 100)) return invalid([`limit: ${limit} is not between 1 and 100`]);
        const before = query.get('before');
        const older = (messages.get(m[1]!) ?? []).filter((x) => !before || BigInt(x.id as string) < BigInt(before));
        return {
          status: 200,
          body: older
            .reverse()
            .slice(0, limit)
            .map(({ nonce: _nonce, ...rest }) => rest),
        };
      }
      if (method === 'POST') {
        const problems = messageProblems(body);
        if (problems.length > 0) return invalid(problems);
        // enforce_nonce: the same nonce within a few minutes returns the earlier message instead of a new one.
        const nonceKey = body.enforce_nonce && body.nonce !== undefined ? `${m[1]}:${body.nonce}` : undefined;
        const earlier = nonceKey ? nonces.get(nonceKey) : undefined;
        if (earlier) return { status: 200, body: earlier };
        const message = newMessage(m[1]!, body, botUser, files);
        if (body.nonce !== undefined) message.nonce = body.nonce;
        if (nonceKey) nonces.set(nonceKey, message);
        gateway.dispatch('MESSAGE_CREATE', message);
        return { status: 200, body: message };
      }
    }
    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path)) && method === 'GET') {
      const message = (messages.get(m[1]!) ?? []).find((x) => x.id === m![2]);
      if (!message) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
      const { nonce: _nonce, ...rest } = message;
      return { status: 200, body: rest };
    }
    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path)) && method === 'POST') {
      const message = (messages.get(m[1]!) ?? []).find((x) => x.id === m![2]);
      if (!message) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
      if (message.thread) return { status: 400, body: { message: 'A thread has already been created for this message', code: 160004 } };
      const thread = {
        id: message.id,
        type: 11,
        guild_id: ids.guild,
        parent_id: m[1],
        name: body.name,
        owner_id: ids.bot,
        message_count: 0,
        member_count: 1,
        rate_limit_per_user: 0,
        flags: 0,
        total_message_sent: 0,
        thread_metadata: {
          archived: false,
          auto_archive_duration: body.auto_archive_duration,
          archive_timestamp: new Date().toISOString(),
          locked: false,
        },
      };
      message.thread = thread;
      channels.set(thread.id, thread);
      gateway.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
      return { status: 201, body: thread };
    }
    if ((m = /^\/channels\/(\d+)\/typing$/.exec(path)) && method === 'POST') return { status: 204 };
    if ((m = /^\/applications\/(\d+)(\/guilds\/\d+)?\/commands$/.exec(path))) {
      if (method === 'GET') return { status: 200, body: commands.get(path) ?? [] };
      if (method === 'PUT') {
        const refused = (body as unknown as Json[]).map(commandLimitProblem).find((p) => p !== undefined);
        if (refused)
          return { status: 400, body: { code: 50035, message: 'Invalid Form Body', errors: { _errors: [{ message: refused }] } } };
        // Discord answers with its own fields added and `required: false` left out.
        const stored = (body as unknown as Json[]).map((c) => ({
          id: snowflake(),
          application_id: m![1],
          version: snowflake(),
          default_member_permissions: null,
          nsfw: false,
          type: 1,
          ...c,
          options: dropFalseRequired(c.options),
        }));
        commands.set(path, stored);
        return { status: 200, body: stored };
      }
    }
    return { status: 404, body: { message: '404: Not Found', code: 0 } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const full = new URL(req.url ?? '/', url);
    const path = decodeURIComponent(full.pathname).replace(/^\/api\/v10/, '');
    const type = req.headers['content-type'] ?? '';
    const files: UploadedFile[] = [];
    let body: any = null;
    if (type.startsWith('multipart/form-data')) {
      // discord.js sends files as multipart parts and the JSON body as `payload_json`.
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData();
      for (const [key, value] of form.entries()) {
        if (typeof value === 'string') continue;
        files.push({ key, filename: value.name, contentType: value.type, bytes: Buffer.from(await value.arrayBuffer()) });
      }
      const payload = form.get('payload_json');
      body = typeof payload === 'string' ? JSON.parse(payload) : {};
    } else if (raw.length > 0) body = JSON.parse(raw.toString('utf8'));
    const method = req.method ?? 'GET';
    requests.push({
      method,
      path,
      query: full.searchParams,
      headers: req.headers,
      body,
      ...(files.length > 0 ? { files } : {}),
      at: Date.now(),
    });
    const index = failures.findIndex((f) => f.method === method && f.path.test(path));
    const answer: Answer = !full.pathname.startsWith('/api/v10/')
      ? { status: 404, body: { message: '404: Not Found', code: 0 } }
      : index >= 0
        ? failures.splice(index, 1)[0]!
        : route(method, path, body ?? {}, full.searchParams, files);
    if (answer.hang) return;
    res.writeHead(answer.status, { ...(answer.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...answer.headers });
    res.end(answer.body !== undefined ? JSON.stringify(answer.body) : undefined);
  }

  const interactionChannels = new Map<string, string>();
  const channelFromToken = (token: string) => interactionChannels.get(token) ?? ids.channel;

  return {
    url,
    apiUrl: `${url}/api`,
    ids,
    requests,
    gateway,
    messagesIn: (channelId: string) => messages.get(channelId) ?? [],
    /** The next matching request gets this answer instead of the normal one. */
    failNext(failure: ScriptedFailure) {
      failures.push(failure);
    },
    /** An interaction answered inline on the HTTP Interactions Endpoint: its webhook becomes usable. */
    acknowledgedInline(token: string) {
      callbacks.set(token, { inline: true });
    },
    /**
     * Injects an INTERACTION_CREATE; returns its id and token (the token names the webhook for edits). Type 3 (a
     * component click) takes `{ custom_id, component_type }` as data and the clicked message as `message`.
     */
    interact(data: Json, where: { channelId?: string; type?: 2 | 3 | 4; userId?: string; message?: Json } = {}) {
      const id = snowflake();
      const token = `tok-${id}`;
      const channel = channels.get(where.channelId ?? ids.channel)!;
      interactionChannels.set(token, channel.id);
      const payload = {
        id,
        token,
        type: where.type ?? 2,
        application_id: ids.app,
        version: 1,
        guild_id: ids.guild,
        channel_id: channel.id,
        channel,
        // A component's data is its custom_id and type; a command's has the command's id, type and options.
        data: where.type === 3 ? data : { id: snowflake(), type: 1, guild_id: ids.guild, ...data },
        ...(where.message ? { message: where.message } : {}),
        member: {
          user: { id: where.userId ?? ids.user, username: 'ada', discriminator: '0', global_name: 'Ada', avatar: null },
          roles: [],
          permissions: '2248473465835073',
          joined_at: new Date().toISOString(),
          deaf: false,
          mute: false,
          flags: 0,
        },
        app_permissions: '2248473465835073',
        locale: 'en-US',
        guild_locale: 'en-US',
        entitlements: [],
        authorizing_integration_owners: { '0': ids.guild },
        context: 0,
      };
      gateway.dispatch('INTERACTION_CREATE', payload);
      // The payload too, so a test can deliver the very same interaction again.
      return { id, token, payload };
    },
    /** A user's message (MESSAGE_CREATE) in a channel or thread; `mentionBot` adds the bot to `mentions`. */
    say(channelId: string, content: string, mentionBot = true) {
      const user = { id: ids.user, username: 'ada', discriminator: '0', global_name: 'Ada', avatar: null };
      const message = newMessage(channelId, { content, mentions: mentionBot ? [botUser] : [] }, user);
      gateway.dispatch('MESSAGE_CREATE', {
        ...message,
        member: { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 },
      });
      return message;
    },
    /**
     * A reaction added (or with `remove`, taken off) by a user: MESSAGE_REACTION_ADD / _REMOVE as Discord sends
     * them in a guild (the add carries the member, the remove only ids). `emoji` is a unicode emoji's name.
     */
    react(message: Json, emoji: string, options: { userId?: string; remove?: boolean } = {}) {
      const userId = options.userId ?? ids.user;
      const base = {
        user_id: userId,
        channel_id: message.channel_id,
        message_id: message.id,
        guild_id: ids.guild,
        emoji: { id: null, name: emoji },
        burst: false,
        type: 0,
      };
      const member = {
        user: { id: userId, username: 'ada', discriminator: '0', global_name: 'Ada', avatar: null },
        roles: [],
        joined_at: new Date().toISOString(),
        deaf: false,
        mute: false,
        flags: 0,
      };
      if (options.remove) gateway.dispatch('MESSAGE_REACTION_REMOVE', base);
      else gateway.dispatch('MESSAGE_REACTION_ADD', { ...base, member, message_author_id: message.author?.id, burst_colors: [] });
    },
    /** A bot message that exists on Discord but never reached the gateway (posted before the bot connected). */
    storeUnseen(channelId: string, body: Json): Json {
      return newMessage(channelId, body);
    },
    close: async () => {
      server.closeAllConnections();
      await gateway.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function invalid(problems: string[]): Answer {
  return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: problems } };
}

function dropFalseRequired(options: Json[] | undefined): Json[] | undefined {
  return options?.map(({ required, options: nested, ...rest }) => ({
    ...rest,
    ...(required ? { required } : {}),
    ...(nested ? { options: dropFalseRequired(nested) } : {}),
  }));
}

export type FakeDiscord = Awaited<ReturnType<typeof startFakeDiscord>>;

/**
 * Discord's limits on one application command (wire-facts §4: 25 options per command or subcommand, 25 choices,
 * 4,000 characters of names, descriptions and choice names and values summed over the command): past them the
 * whole PUT is refused.
 */
function commandLimitProblem(command: Json): string | undefined {
  type Node = { name?: string; description?: string; value?: unknown; choices?: Node[]; options?: Node[] };
  const size = (o: Node): number =>
    (o.name?.length ?? 0) +
    (o.description?.length ?? 0) +
    (o.value === undefined ? 0 : String(o.value).length) +
    [...(o.choices ?? []), ...(o.options ?? [])].reduce((n, x) => n + size(x), 0);
  const tooMany = (o: Node): boolean => (o.options?.length ?? 0) > 25 || (o.choices?.length ?? 0) > 25 || (o.options ?? []).some(tooMany);
  const node = command as unknown as Node;
  if (tooMany(node)) return `${node.name}: more than 25 options or choices`;
  if (size(node) > 4000) return `${node.name}: over 4000 characters combined`;
  return undefined;
}
