import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InteractionResponseType, InteractionType, MessageFlags, REST, Routes, type APIInteraction } from 'discord.js';
import { rememberSharedReply } from '../../core/lists.ts';
import { errorMessage } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { retryWhileBusy } from '../../store/busy.ts';
import type { StoreApi } from '../../store/api.ts';
import type { Dispatcher } from '../types.ts';
import { DEFAULT_ROOT_COMMAND } from './commands.ts';
import { clickAnswer } from './click-answer.ts';
import { commandOfComponent, type ComponentCommand } from './feedback-components.ts';
import { placeRefs, readAutocomplete, readSlashCommand, type InteractionOption, type Place } from './inbound.ts';
import { restFiles } from './files.ts';
import { DISCORD_LIMITS as L, restOptions } from './limits.ts';
import { refusedAnswer, renderReply, toRestBody } from './render.ts';
import { createReplayGuard } from './replay-guard.ts';
import { clip, plainText } from './text.ts';

/** The application's public key (hex, from the Developer Portal) as a verifying key. */
export function interactionsKey(publicKeyHex: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKeyHex, 'hex').toString('base64url') }, format: 'jwk' });
}

/** Ed25519 over `timestamp + rawBody`, from the X-Signature-Ed25519 / X-Signature-Timestamp headers (wire-facts §4.1). */
export function verifyInteraction(
  key: KeyObject,
  signatureHex: string | undefined,
  timestamp: string | undefined,
  rawBody: Buffer,
): boolean {
  if (!signatureHex || !timestamp || !/^[0-9a-f]{128}$/i.test(signatureHex)) return false;
  return verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), rawBody]), key, Buffer.from(signatureHex, 'hex'));
}

export interface InteractionsEndpointOptions {
  publicKey: string;
  dispatcher: Dispatcher;
  log: Logger;
  apiUrl?: string;
  commandName?: string;
  restTimeoutMs?: number;
  /** The clock the signature timestamps are checked against (tests). */
  now?: () => number;
  /** Numbered lists of answers shown to everyone (src/core/lists.ts). */
  store?: StoreApi;
}

const THREAD_TYPES = new Set([10, 11, 12]);
/** Interactions are a few kilobytes; anything much bigger is not from Discord. */
const BODY_LIMIT = 1024 * 1024;
/** How long the shared replay check may wait for another process's write lock: the deferral is due within 3 s. */
const SIGHTING_WAIT_MS = 1_000;

/**
 * Discord's Interactions Endpoint URL, the alternative to the gateway (interactions only, no thread mentions).
 * Bad signatures get 401 (Discord probes with them on purpose); PING gets PONG; a command is deferred in the
 * HTTP response itself, then answered through the interaction webhook.
 */
export function createInteractionsEndpoint(options: InteractionsEndpointOptions) {
  const key = interactionsKey(options.publicKey);
  const rest = new REST({ ...restOptions(options.restTimeoutMs), ...(options.apiUrl ? { api: options.apiUrl } : {}) });
  const root = options.commandName ?? DEFAULT_ROOT_COMMAND;
  const { dispatcher, log } = options;
  const guard = createReplayGuard(options.now);
  /**
   * Each interaction id runs once across the replicas on one store (seen_events), not only in this process;
   * a store that cannot take the write in time (busy, read-only) leaves it to this process's own memory.
   */
  const firstSighting = async (id: string): Promise<boolean> => {
    const { store } = options;
    if (!guard.firstSighting(id)) return false;
    if (!store) return true;
    const shared = () => store.events.firstSighting('discord', `interaction:${id}`);
    return retryWhileBusy(shared, SIGHTING_WAIT_MS).catch(() => true);
  };

  const reply = (res: ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, body === undefined ? {} : { 'Content-Type': 'application/json' });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };

  async function answer(
    interaction: Extract<APIInteraction, { type: InteractionType.ApplicationCommand | InteractionType.MessageComponent }>,
    invocation: Parameters<Dispatcher['run']>[0],
    ephemeral: boolean,
    clicked?: ComponentCommand,
  ) {
    const answered = await dispatcher.run(invocation);
    const [first, ...more] = clicked ? [clickAnswer(answered, clicked)] : renderReply(answered);
    const auth = false; // interaction webhooks are authorised by their token
    const original = Routes.webhookMessage(interaction.application_id, interaction.token, '@original');
    try {
      // The chart of a roundup rides on the first message, as multipart files named in its `attachments`.
      const { files, attachments } = clicked ? { files: [], attachments: [] } : restFiles(answered);
      await rest.patch(original, { body: { ...toRestBody(first!), ...(files.length > 0 ? { attachments } : {}) }, files, auth });
      if (!ephemeral && options.store) await rememberSharedReply(options.store, invocation, answered);
    } catch (error) {
      log.error('answer refused', { id: interaction.id, command: invocation.command, error: errorMessage(error) });
      await rest.patch(original, { body: toRestBody(refusedAnswer(errorMessage(error))), auth });
      return;
    }
    for (const message of more) {
      const body = { ...toRestBody(message), ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) };
      await rest.post(Routes.webhook(interaction.application_id, interaction.token), {
        body,
        auth,
        query: new URLSearchParams({ wait: 'true' }),
      });
    }
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await route(req, res);
    } catch (error) {
      log.error('interactions endpoint failed', { error: errorMessage(error) });
      if (!res.headersSent) reply(res, 500, { error: 'internal error' });
    }
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (Number(req.headers['content-length'] ?? 0) > BODY_LIMIT) return reply(res, 413, { error: 'request body too large' });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > BODY_LIMIT) return reply(res, 413, { error: 'request body too large' });
      chunks.push(chunk as Buffer);
    }
    const raw = Buffer.concat(chunks);
    const signature = req.headers['x-signature-ed25519'];
    const timestamp = req.headers['x-signature-timestamp'];
    if (!verifyInteraction(key, String(signature ?? ''), String(timestamp ?? ''), raw))
      return reply(res, 401, { error: 'invalid request signature' });
    // A request captured and sent again later still carries a valid signature: its time and id give it away.
    if (!guard.timely(String(timestamp))) return reply(res, 401, { error: 'request timestamp too old or in the future' });

    let interaction: APIInteraction;
    try {
      interaction = JSON.parse(raw.toString('utf8')) as APIInteraction;
    } catch {
      return reply(res, 400, { error: 'the body is not JSON' });
    }
    if (interaction.type === InteractionType.Ping) return reply(res, 200, { type: InteractionResponseType.Pong });
    if (!(await firstSighting(String(interaction.id)))) return reply(res, 409, { error: 'this interaction was already received' });
    const channel = interaction.channel as { id: string; type: number; parent_id?: string | null; name?: string } | undefined;
    const place: Place = {
      channelId: channel?.id ?? '',
      parentId: channel && THREAD_TYPES.has(channel.type) ? channel.parent_id : null,
      name: channel?.name ?? null,
    };
    const author = interaction.member?.user ?? interaction.user;
    const user = { id: author?.id ?? '', name: author?.global_name ?? author?.username ?? '' };
    const data = interaction.data as { name: string; options?: InteractionOption[] } | undefined;

    if (interaction.type === InteractionType.ApplicationCommandAutocomplete) {
      const request = readAutocomplete(data!.name, data!.options ?? [], place, user, root);
      const choices = request ? await dispatcher.complete(request.invocation, request.option, request.partial) : [];
      const limited = choices
        .slice(0, L.autocompleteChoices)
        .map((c) => ({ name: clip(plainText(c.name), L.choiceName), value: clip(c.value, L.choiceValue) }));
      return reply(res, 200, { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: limited } });
    }
    if (interaction.type === InteractionType.MessageComponent) {
      const wanted = commandOfComponent(String((interaction.data as { custom_id?: unknown }).custom_id ?? ''));
      if (!wanted) return reply(res, 400, { error: 'unknown component' });
      // Deferred in the HTTP response itself, privately; the vote's answer then edits it.
      reply(res, 200, { type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
      const invocation = { command: wanted.command, input: { options: { ref: wanted.ref } }, ...placeRefs(place), user };
      return answer(interaction, invocation, true, wanted);
    }
    if (interaction.type !== InteractionType.ApplicationCommand) return reply(res, 400, { error: 'unsupported interaction type' });

    const { invocation, share } = readSlashCommand(data!.name, data!.options ?? [], place, user, root);
    const ephemeral = !share && dispatcher.describe(invocation.command)?.visibility !== 'channel';
    reply(res, 200, {
      type: InteractionResponseType.DeferredChannelMessageWithSource,
      data: { flags: ephemeral ? MessageFlags.Ephemeral : 0 },
    });
    await answer(interaction, invocation, ephemeral);
  }
}
