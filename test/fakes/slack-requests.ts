/** Requests as Slack sends them to an app's Request URL: form or JSON bodies, signed (wire-facts §3.2). */
import { createHmac } from 'node:crypto';

/** `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret. */
export function signSlackRequest(body: string, secret: string, timestamp: number | string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SlashCommandFields {
  readonly text: string;
  readonly responseUrl: string;
  readonly command?: string;
  readonly channelId?: string;
  readonly channelName?: string;
  readonly userId?: string;
  readonly userName?: string;
  /** Slack gives every command its own; by default each body gets a new one. */
  readonly triggerId?: string;
  /** The workspace the command was typed in; default T1. */
  readonly teamId?: string;
}

let commandsMade = 0;

/** The form body of a slash command request, fields in Slack's order (wire-facts §3.1). */
export function slashCommandBody(fields: SlashCommandFields): string {
  return new URLSearchParams({
    token: 'deprecated',
    team_id: fields.teamId ?? 'T1',
    team_domain: 'example',
    channel_id: fields.channelId ?? 'C1',
    channel_name: fields.channelName ?? 'research',
    user_id: fields.userId ?? 'U1',
    user_name: fields.userName ?? 'ada',
    command: fields.command ?? '/papers',
    text: fields.text,
    api_app_id: 'A1',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId ?? `${13345224609 + commandsMade++}.738474920.8088930838d88f008e0`,
  }).toString();
}

export interface SignOptions {
  /** Unix seconds; default now. */
  readonly timestamp?: number;
  /** Sign with this secret instead (a bad signature). */
  readonly signWith?: string;
  /** Leave out X-Slack-Request-Timestamp. */
  readonly omitTimestamp?: boolean;
  /** X-Slack-Retry-Num, as on Slack's redeliveries. */
  readonly retryNum?: number;
}

export interface SentRequest {
  readonly status: number;
  readonly body: string;
  /** Time from sending to the full HTTP answer: the ack latency. */
  readonly elapsedMs: number;
}

async function sendSigned(endpoint: string, secret: string, body: string, contentType: string, options: SignOptions): Promise<SentRequest> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    // Exactly this value: Bolt compares the content type verbatim before parsing a form.
    'content-type': contentType,
    'x-slack-signature': signSlackRequest(body, options.signWith ?? secret, timestamp),
  };
  if (!options.omitTimestamp) headers['x-slack-request-timestamp'] = String(timestamp);
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const started = performance.now();
  const response = await fetch(endpoint, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, body: text, elapsedMs: performance.now() - started };
}

/** POSTs a signed slash command to the app's endpoint (e.g. http://127.0.0.1:PORT/slack/events). */
export function sendSignedSlashCommand(
  endpoint: string,
  secret: string,
  fields: SlashCommandFields,
  options: SignOptions = {},
): Promise<SentRequest> {
  return sendSigned(endpoint, secret, slashCommandBody(fields), 'application/x-www-form-urlencoded', options);
}

/** POSTs a signed Events API envelope (`event_callback`) to the app's endpoint. */
export function sendSignedEvent(
  endpoint: string,
  secret: string,
  envelope: Record<string, unknown>,
  options: SignOptions = {},
): Promise<SentRequest> {
  return sendSigned(endpoint, secret, JSON.stringify(envelope), 'application/json', options);
}

export interface ButtonClick {
  readonly actionId: string;
  readonly value: string;
  readonly responseUrl: string;
  readonly userId?: string;
  readonly channelId?: string;
  /** The message the button is on. */
  readonly messageTs?: string;
}

let clicksMade = 0;

/** A `block_actions` payload as Slack sends it when a button in a message is clicked. */
export function blockActionsPayload(click: ButtonClick): Record<string, unknown> {
  const channel = click.channelId ?? 'C1';
  const ts = click.messageTs ?? '1700000000.000100';
  const n = clicksMade++;
  return {
    type: 'block_actions',
    user: { id: click.userId ?? 'U1', username: 'ada', name: 'ada', team_id: 'T1' },
    api_app_id: 'A1',
    token: 'deprecated',
    container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
    trigger_id: `${23345224609 + n}.738474920.8088930838d88f008e0`,
    team: { id: 'T1', domain: 'example' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel, name: 'research' },
    message: { type: 'message', ts, text: 'Daily papers', bot_id: 'BBOT' },
    state: { values: {} },
    response_url: click.responseUrl,
    actions: [
      {
        action_id: click.actionId,
        block_id: `b${n}`,
        text: { type: 'plain_text', text: '👍', emoji: true },
        value: click.value,
        type: 'button',
        action_ts: `${1700000000 + n}.000200`,
      },
    ],
  };
}

/** POSTs a signed interactivity request: the form field `payload` holding the JSON (wire-facts §3). */
export function sendSignedInteraction(
  endpoint: string,
  secret: string,
  payload: Record<string, unknown>,
  options: SignOptions = {},
): Promise<SentRequest> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return sendSigned(endpoint, secret, body, 'application/x-www-form-urlencoded', options);
}

/** An Events API envelope carrying a reaction_added or reaction_removed on a message. */
export function reactionEnvelope(
  eventId: string,
  event: { type: 'reaction_added' | 'reaction_removed'; reaction: string; channel: string; ts: string; user?: string },
): Record<string, unknown> {
  return {
    token: 'deprecated',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: eventId,
    event_time: 1_700_000_000,
    authorizations: [{ enterprise_id: null, team_id: 'T1', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    event: {
      type: event.type,
      user: event.user ?? 'U1',
      reaction: event.reaction,
      item_user: 'UBOT',
      item: { type: 'message', channel: event.channel, ts: event.ts },
      event_ts: '1700000001.000300',
    },
  };
}
