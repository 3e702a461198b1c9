import { errorMessage } from '../../errors.ts';
import { escapeSlackText } from './mrkdwn.ts';
import { refusedLine } from '../refused.ts';
import type { ChannelRef } from '../types.ts';

/** "#general (C123)" when Slack told us the name, else the id. */
export function channelLabel(channel: ChannelRef): string {
  return channel.name ? `#${channel.name} (${channel.id})` : channel.id;
}

/** The `error` of an `ok:false` Web API answer (wire-facts §3.5), if that is what failed. */
export function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

const ADVICE: Readonly<Record<string, string>> = {
  not_in_channel: 'invite me with /invite @paperboy',
  channel_not_found: 'check the channel id; for a private channel, invite me with /invite @paperboy',
  is_archived: 'the channel is archived',
  invalid_blocks: 'Slack rejected the message layout; this is a bug, and it has been logged',
  missing_scope: 'reinstall the app from its manifest to grant the missing scope',
  invalid_auth: 'check SLACK_BOT_TOKEN',
  not_authed: 'check SLACK_BOT_TOKEN',
};

/** An error whose message can be shown to the user and recorded by the scheduler as is. */
export function slackFailure(method: string, channel: ChannelRef, error: unknown): Error {
  const code = slackErrorCode(error);
  const where = channelLabel(channel);
  const lead = method === 'chat.postMessage' ? `I can't post in ${where}` : `Slack ${method} failed in ${where}`;
  // Without Slack's error code it is a transport failure: its text (addresses, status lines) stays in the caller's log.
  const message = code
    ? `${lead}: ${code}${ADVICE[code] ? ` — ${ADVICE[code]}` : ''}`
    : `${lead}: Slack could not be reached or did not answer`;
  return new Error(message, { cause: error });
}

/**
 * What the user sees instead of an answer Slack refused at its response_url (a layout Slack rejects, or
 * its five uses spent): that and why, rather than nothing after the ack.
 */
export function refusedAnswerText(error: unknown): string {
  // Bolt's RespondError carries the HTTP status only ("Failed to respond to the response_url: 400 Bad Request").
  return refusedLine('Slack', errorMessage(error).replace(/^Failed to respond to the response_url: /, ''), escapeSlackText);
}
