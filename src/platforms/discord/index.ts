import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, Partials, Routes } from 'discord.js';
import { errorMessage } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import type { StoreApi } from '../../store/api.ts';
import type { ChatAdapter, Dispatcher } from '../types.ts';
import { DEFAULT_ROOT_COMMAND } from './commands.ts';
import { onInteraction, onMessage, type HandlerDeps } from './handlers.ts';
import { createInteractionsEndpoint } from './http-interactions.ts';
import { listenForInteractions, type InteractionsServer } from './interactions-server.ts';
import { onReaction } from './reactions.ts';
import { restOptions } from './limits.ts';
import { createOutbound } from './outbound.ts';

export { DiscordPermissionError } from './outbound.ts';
export { buildCommandSet, inviteUrl, registerCommands, REQUIRED_PERMISSIONS, type RegisterResult } from './commands.ts';

export interface DiscordAdapterOptions {
  token: string;
  /** Optional: the gateway's READY names the token's application; a different id here is reported as a config mistake. */
  applicationId?: string;
  /** REST base without the version (`…/api`; discord.js appends `/v10`); the gateway URL then comes from its `/gateway/bot`. */
  apiUrl?: string;
  store: StoreApi;
  log: Logger;
  /** The root slash command, `/papers` unless set. */
  commandName?: string;
  /** With the application's public key, slash commands also come in over HTTP, at /discord/interactions on host:port. */
  interactions?: { publicKey: string; host: string; port: number };
  /** How long one REST call may take before it is abandoned (REST_TIMEOUT_MS unless set). */
  restTimeoutMs?: number;
}

export type DiscordAdapter = ChatAdapter & { readonly client: Client };

export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  const { store, log } = options;
  const client = new Client({
    // Guilds: guilds, channels and threads (so a thread is known as one) and INTERACTION_CREATE.
    // GuildMessages: MESSAGE_CREATE in guild channels and threads, for "@paperboy compare 1 2".
    // Not the privileged MessageContent intent: Discord still fills `content` (and embeds, attachments) of
    // messages that mention the app, of DMs to it and of its own messages ("These restrictions do not apply
    // for … messages in which it is mentioned": discord-api-docs change-log 2022-09-01, "Message Content is a
    // Privileged Intent"). discord-api-types documents `APIMessage.content` as empty without the intent.
    // GuildMessageReactions: MESSAGE_REACTION_ADD/REMOVE, reactions as votes. The partials let discord.js emit
    // them for messages (and reacting users) it has not cached, e.g. a digest posted before a restart.
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.GuildMessageReactions],
    partials: [Partials.Message, Partials.Reaction, Partials.User],
    allowedMentions: { parse: [] },
    // `rest: { api: undefined }` would override discord.js's default base URL with nothing, so only when set.
    rest: { ...restOptions(options.restTimeoutMs), ...(options.apiUrl ? { api: options.apiUrl } : {}) },
  });
  // REST works before (or without) a gateway login, so `paperboy digest post --to discord:…` can post directly.
  client.rest.setToken(options.token);
  client.on(Events.Error, (error) => log.error('discord client error', { error: errorMessage(error) }));
  client.on(Events.ShardError, (error) => log.warn('discord gateway error', { error: errorMessage(error) }));

  const outbound = createOutbound({
    rest: client.rest,
    channelName: (id) => {
      const channel = client.channels.cache.get(id);
      return channel && 'name' in channel && channel.name ? channel.name : undefined;
    },
    guildOf: (id) => {
      const channel = client.channels.cache.get(id);
      return channel && 'guildId' in channel && channel.guildId ? channel.guildId : undefined;
    },
    botUserId: async () => client.user?.id ?? ((await client.rest.get(Routes.user('@me'))) as { id: string }).id,
  });

  let interactionsServer: InteractionsServer | undefined;

  return {
    platform: 'discord',
    client,
    async start(dispatcher: Dispatcher) {
      if (options.interactions) {
        const { publicKey, host, port } = options.interactions;
        const commandName = options.commandName ?? DEFAULT_ROOT_COMMAND;
        const handle = createInteractionsEndpoint({
          publicKey,
          dispatcher,
          log,
          commandName,
          store,
          ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
          ...(options.restTimeoutMs ? { restTimeoutMs: options.restTimeoutMs } : {}),
        });
        interactionsServer = await listenForInteractions(handle, host, port);
        log.info('serving the Discord Interactions Endpoint URL', { url: interactionsServer.url });
      }
      const deps: HandlerDeps = {
        dispatcher,
        store,
        log,
        rootCommand: options.commandName ?? DEFAULT_ROOT_COMMAND,
        postInThread: outbound.postInThread,
        showTyping: async (channelId) => {
          // Only a hint that an answer is coming: failing to show it must not stop the answer.
          await client.rest
            .post(Routes.channelTyping(channelId))
            .catch((error: unknown) => log.debug('typing indicator failed', { error: errorMessage(error) }));
        },
      };
      client.on(Events.InteractionCreate, (interaction) => void onInteraction(interaction, deps));
      client.on(Events.MessageCreate, (message) => {
        if (client.user) void onMessage(message, client.user.id, deps);
      });
      client.on(Events.MessageReactionAdd, (reaction, user) => {
        if (client.user) void onReaction(reaction, user, true, client.user.id, deps);
      });
      client.on(Events.MessageReactionRemove, (reaction, user) => {
        if (client.user) void onReaction(reaction, user, false, client.user.id, deps);
      });
      const ready = once(client, Events.ClientReady);
      await client.login(options.token);
      await ready;
      const application = client.application?.id;
      log.info('connected to Discord', { user: client.user?.tag, application });
      if (options.applicationId && application && options.applicationId !== application) {
        log.warn(
          'the configured Discord application id is not the token’s application; commands registered for it will not reach this bot',
          { configured: options.applicationId, token: application },
        );
      }
    },
    async stop() {
      await interactionsServer?.close();
      await client.destroy();
    },
    post: outbound.post,
    postInThread: (parent, reply, options) => outbound.postInThread(parent, reply, undefined, options),
    findPosted: outbound.findPosted,
  };
}
