import type { AddressInfo } from 'node:net';
import { App, LogLevel, SocketModeReceiver, webApi, type CustomRoute, type Logger as BoltLogger } from '@slack/bolt';
import { listOf, rememberPost, rememberShared } from '../../core/lists.ts';
import { ConfigError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import type { Reply } from '../../message/model.ts';
import type { StoreApi } from '../../store/api.ts';
import type { ChannelRef, ChatAdapter, Dispatcher, PostedRef, PostOptions } from '../types.ts';
import { channelLabel, slackErrorCode, slackFailure } from './failures.ts';
import { createSlackHttpReceiver } from './http-receiver.ts';
import { listenForFeedbackButtons, listenForReactions } from './feedback-listeners.ts';
import { listenForMentions, listenForSlashCommand, type ListenerDeps } from './listeners.ts';
import { ANSWER_EVENT_TYPE, createPostFinder, DIGEST_EVENT_TYPE, markFor, metadataFor, type PostMark } from './keyed-posts.ts';
import { installerOptions, listenForUninstalls, type SlackOAuthOptions } from './oauth.ts';
import { bareIds, teamScopedIds } from './oauth-keys.ts';
import { installedWorkspaces, singleWorkspace, type WorkspaceClients, type Workspaces } from './oauth-workspaces.ts';
import { postOnce } from './post-once.ts';
import { renderSlack } from './render.ts';
import { createThreadLinker } from './thread-links.ts';
import { uploadAttachments } from './upload.ts';

export interface SlackAdapterOptions {
  /** xoxb-…: every Web API call, in one workspace. Without it, `oauth`: each workspace's own token. */
  readonly botToken?: string;
  /** Many workspaces (HTTP mode): Slack's install flow at /slack/install, tokens from the store. */
  readonly oauth?: SlackOAuthOptions;
  /** HTTP mode: verifies each request (wire-facts §3.2). */
  readonly signingSecret?: string;
  /** xapp-…: Socket Mode's apps.connections.open. */
  readonly appToken?: string;
  readonly mode: 'http' | 'socket';
  /** Web API base URL (GovSlack, proxies, tests), e.g. "http://127.0.0.1:PORT/api/"; default Slack's. */
  readonly apiUrl?: string;
  /**
   * HTTP mode: where Bolt's HTTPReceiver listens for POST /slack/events (and customRoutes). Port 0 picks a free
   * one (see `port`). Socket Mode listens here only for customRoutes, on every interface (Bolt's choice).
   */
  readonly host?: string;
  readonly port?: number;
  /** Extra HTTP routes served beside Slack's (Bolt's customRoutes), e.g. GET /healthz. */
  readonly customRoutes?: readonly CustomRoute[];
  /** Each Web API call gives up after this long (ms) and is retried under the retry policy; default 10 s. */
  readonly apiTimeoutMs?: number;
  /** The slash command as declared in the manifest; default "/papers". */
  readonly commandName?: string;
  /** Event dedupe (store.events) and the numbered lists of posted threads (store.lists). */
  readonly store: StoreApi;
  readonly log: Logger;
}

export interface SlackAdapter extends ChatAdapter {
  /** HTTP mode, once started: the port the receiver listens on. */
  readonly port: number | undefined;
}

/** How far back a keyed top-level post looks for itself after a failed attempt (clock skew included). */
const KEY_LOOKBACK_MS = 10 * 60_000;
/** A Web API call that has not answered in this long is given up and retried; nothing waits on Slack unbounded. */
const API_TIMEOUT_MS = 10_000;
/** Retries of one call stop once this many timeouts' worth of time has gone by. */
const RETRY_BUDGET_TIMEOUTS = 3;

/**
 * The WebClient waits out a 429's Retry-After itself, then retries under this policy (p-retry); the policy's
 * own delay can therefore start short. ok:false answers are never retried. `maxRetryTime` bounds the whole.
 */
function retryPolicy(timeoutMs: number): webApi.RetryOptions {
  return {
    retries: 8,
    factor: 2,
    minTimeout: 250,
    maxTimeout: timeoutMs,
    maxRetryTime: RETRY_BUDGET_TIMEOUTS * timeoutMs,
    randomize: true,
  };
}

export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { store } = options;
  const log = options.log.child('slack');
  const socketMode = options.mode === 'socket';
  if (socketMode && !options.appToken) throw new ConfigError(['Slack Socket Mode needs SLACK_APP_TOKEN (an xapp-… app-level token)']);
  if (!socketMode && !options.signingSecret) throw new ConfigError(['Slack HTTP mode needs SLACK_SIGNING_SECRET']);
  if (!options.botToken === !options.oauth)
    throw new ConfigError(['Slack needs either SLACK_BOT_TOKEN or the OAuth settings (SLACK_CLIENT_ID …)']);
  if (options.oauth && socketMode) throw new ConfigError(['Slack OAuth (many workspaces) needs HTTP mode, not Socket Mode']);

  const boltLog = boltLogger(log.child('bolt'));
  const timeout = options.apiTimeoutMs ?? API_TIMEOUT_MS;
  // The same options reach app.client, the clients Bolt makes per request and Socket Mode's client.
  const clientOptions: webApi.WebClientOptions = {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    timeout,
    retryConfig: retryPolicy(timeout),
    rejectRateLimitedCalls: false,
  };
  const customRoutes = [...(options.customRoutes ?? [])];
  // Our own Socket Mode receiver, so stop() can wait for its close handshake (Bolt's stop does not).
  const socketReceiver = socketMode
    ? new SocketModeReceiver({
        appToken: options.appToken!,
        logger: boltLog,
        customRoutes,
        installerOptions: { clientOptions, ...(options.port !== undefined ? { port: options.port } : {}) },
      })
    : undefined;
  const commandName = options.commandName ?? '/papers';
  const installer = options.oauth && installerOptions(options.oauth, { store, log, clientOptions, apiUrl: options.apiUrl });
  const http = socketMode
    ? undefined
    : createSlackHttpReceiver({
        signingSecret: options.signingSecret!,
        logger: boltLog,
        customRoutes,
        ...(installer ? { installer } : {}),
      });
  const app = new App({
    ...(options.botToken ? { token: options.botToken } : {}),
    ...(socketReceiver ? { socketMode: true, receiver: socketReceiver } : { receiver: http!.receiver }),
    clientOptions,
    logger: boltLog,
    // auth.test runs in start(), so a bad token fails there with Slack's answer.
    deferInitialization: true,
    // No context.conversation: Bolt's default store would reject (with a new Error) on every request.
    convoStore: false,
  });
  // Keyed posts retry by hand (post-once.ts): a blind retry after a lost answer could post twice.
  const keyedOptions = { ...clientOptions, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true };
  const clientsFor = (token: string, client = new webApi.WebClient(token, clientOptions)): WorkspaceClients => ({
    client,
    keyed: new webApi.WebClient(token, keyedOptions),
    finder: createPostFinder(client, log),
    links: createThreadLinker(client, log),
  });
  const workspaces: Workspaces = options.botToken
    ? singleWorkspace(clientsFor(options.botToken, app.client))
    : installedWorkspaces(
        (teamId) => http!.receiver.installer!.authorize({ teamId, enterpriseId: undefined, isEnterpriseInstall: false }),
        (token) => clientsFor(token),
      );
  let started = false;
  let boundPort: number | undefined;

  /** A top-level post numbers the channel and its thread; a thread reply numbers the thread if nothing did. */
  const rememberList = async (ref: PostedRef, reply: Reply, topLevel: boolean) => {
    const list = listOf(reply);
    if (!list) return;
    // Waits out another process's write lock (store busy.ts); the message is posted either way.
    await store
      .retryWhileBusy(() => (topLevel ? rememberPost : rememberShared)(store, ref, list))
      .catch((error: unknown) => log.warn('the numbered list could not be saved', { error: String(error) }));
  };

  const findPosted = async (channel: ChannelRef, idempotencyKey: string, since: Date, threadId?: string): Promise<PostedRef | null> => {
    const workspace = await workspaces.of(channel);
    // A reply in a thread is not in conversations.history: read the thread, where postInThread's keyed answers are.
    if (threadId) {
      const reply = await workspace.finder.inThread(workspace.channel, threadId, { eventType: ANSWER_EVENT_TYPE, key: idempotencyKey });
      return reply ? { channel, messageId: reply, threadId } : null;
    }
    const ts = await workspace.finder.inHistory(workspace.channel, { eventType: DIGEST_EVENT_TYPE, key: idempotencyKey }, since);
    return ts ? { channel, messageId: ts, threadId: ts } : null;
  };

  const postMessage = async (channel: ChannelRef, reply: Reply, where: { threadTs?: string; mark?: PostMark }) => {
    const message = renderSlack(reply);
    const { threadTs, mark } = where;
    const { client, keyed, finder, channel: inSlack } = await workspaces.of(channel);
    const args = {
      channel: inSlack.id,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...(mark ? { metadata: metadataFor(mark) } : {}),
    };
    const tsOf = (result: webApi.ChatPostMessageResponse) => {
      if (!result.ts) throw new Error('chat.postMessage answered without a ts');
      return result.ts;
    };
    try {
      if (!mark) return tsOf(await client.chat.postMessage(args));
      const since = new Date(Date.now() - KEY_LOOKBACK_MS);
      return await postOnce({
        send: async () => tsOf(await keyed.chat.postMessage(args)),
        find: () => (threadTs ? finder.inThread(inSlack, threadTs, mark) : finder.inHistory(inSlack, mark, since)),
        budgetMs: RETRY_BUDGET_TIMEOUTS * timeout,
        log,
      });
    } catch (error) {
      log.error('chat.postMessage failed', { channel: channelLabel(channel), error: slackErrorCode(error) ?? String(error) });
      throw slackFailure('chat.postMessage', channel, error);
    }
  };

  const postTopLevel = async (channel: ChannelRef, given: Reply, mark: PostMark | undefined): Promise<PostedRef> => {
    const workspace = await workspaces.of(channel);
    const reply = await workspace.links(workspace.channel, given);
    const ts = await postMessage(channel, reply, { mark });
    const ref: PostedRef = { channel, messageId: ts, threadId: ts };
    await rememberList(ref, reply, true);
    if (reply.attachments?.length) await uploadAttachments(workspace.client, workspace.channel, ts, reply.attachments, log);
    return ref;
  };

  /** The adapter's keyed top-level posts are the scheduler's digests, which findPosted looks for. */
  const post = (channel: ChannelRef, reply: Reply, postOptions: PostOptions = {}) =>
    postTopLevel(channel, reply, markFor(DIGEST_EVENT_TYPE, postOptions));

  const postShared = (channel: ChannelRef, reply: Reply, postOptions: PostOptions = {}) =>
    postTopLevel(channel, reply, markFor(ANSWER_EVENT_TYPE, postOptions));

  const postInThread = async (parent: PostedRef, reply: Reply, postOptions: PostOptions = {}): Promise<PostedRef> => {
    // Numbered as it is posted (a colleague answering at once in the thread already means this list); a store
    // waiting out another writer's lock does not hold the post back.
    const numbered = rememberList(parent, reply, false);
    const ts = await postMessage(parent.channel, reply, { threadTs: parent.threadId, mark: markFor(ANSWER_EVENT_TYPE, postOptions) });
    await numbered;
    if (reply.attachments?.length) {
      const workspace = await workspaces.of(parent.channel);
      await uploadAttachments(workspace.client, workspace.channel, parent.threadId, reply.attachments, log);
    }
    return { channel: parent.channel, messageId: ts, threadId: parent.threadId };
  };

  const start = async (dispatcher: Dispatcher): Promise<void> => {
    const deps: ListenerDeps = {
      app,
      dispatcher,
      commandName,
      store,
      log,
      postShared,
      postInThread,
      scope: options.oauth ? teamScopedIds : bareIds,
      ...(http ? { afterAcks: () => http.guard.afterAcks() } : {}),
    };
    listenForSlashCommand(deps);
    listenForMentions(deps);
    listenForFeedbackButtons(deps);
    listenForReactions(deps);
    if (options.oauth) listenForUninstalls(app, store, log, workspaces.forget);
    await app.init();
    if (http) {
      const server = await http.receiver.start({ port: options.port ?? 3000, ...(options.host ? { host: options.host } : {}) });
      boundPort = (server.address() as AddressInfo).port;
    } else {
      await app.start();
    }
    started = true;
    const workspaceCount = options.oauth ? { workspaces: await store.installations.count() } : {};
    log.info('connected to Slack', { mode: options.mode, ...workspaceCount, ...(boundPort !== undefined ? { port: boundPort } : {}) });
  };

  const stop = async (): Promise<void> => {
    if (!started) return;
    started = false;
    if (socketReceiver) {
      await socketReceiver.client.disconnect();
      // Bolt's stop() closes the customRoutes server (and disconnects again, a no-op by now) without waiting.
      if (customRoutes.length > 0) await socketReceiver.stop();
    } else {
      http?.guard.releaseAll();
      await http?.receiver.stop();
    }
  };

  return {
    platform: 'slack',
    get port() {
      return boundPort;
    },
    start,
    stop,
    post,
    postInThread,
    findPosted,
  };
}

/** Bolt and the WebClient log through ours; our logger does the level filtering. */
function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const line = (parts: unknown[]) =>
    parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(' ');
  return {
    debug: (...parts: unknown[]) => log.debug(line(parts)),
    info: (...parts: unknown[]) => log.info(line(parts)),
    warn: (...parts: unknown[]) => log.warn(line(parts)),
    error: (...parts: unknown[]) => log.error(line(parts)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
