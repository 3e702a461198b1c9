/**
 * A reply's files (the weekly roundup's chart) go into the thread of the message that carries the reply,
 * through the WebClient's filesUploadV2: files.getUploadURLExternal, the bytes POSTed to the URL Slack
 * returns, then files.completeUploadExternal with channel_id and thread_ts (needs the files:write scope).
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../log.ts';
import type { Attachment } from '../../message/model.ts';
import type { ChannelRef } from '../types.ts';
import { channelLabel, slackErrorCode } from './failures.ts';

/**
 * Uploads each file under `threadTs`. The message is already posted and recorded by then, so a failed upload
 * is logged and the post stands: the text of the reply is never lost for its picture. A short line in the
 * thread says the picture is missing, and why when Slack's reason is one a workspace admin can fix.
 */
export async function uploadAttachments(
  client: webApi.WebClient,
  channel: ChannelRef,
  threadTs: string,
  attachments: readonly Attachment[],
  log: Logger,
): Promise<number> {
  let uploaded = 0;
  const refused: string[] = [];
  for (const file of attachments) {
    try {
      await client.filesUploadV2({
        channel_id: channel.id,
        thread_ts: threadTs,
        file: Buffer.from(file.data),
        filename: file.filename,
        title: file.filename,
        alt_text: file.alt,
      });
      uploaded += 1;
    } catch (error) {
      const code = slackErrorCode(error);
      refused.push(code ?? '');
      log.error('file upload failed', { channel: channelLabel(channel), file: file.filename, error: code ?? String(error) });
    }
  }
  if (refused.length > 0) {
    const text = `The chart could not be attached here. ${FIXES[refused.find((c) => c in FIXES) ?? ''] ?? 'The details are in paperboy’s log.'}`;
    await client.chat
      .postMessage({ channel: channel.id, thread_ts: threadTs, text })
      .catch((error: unknown) => log.warn('could not say that the chart is missing', { error: slackErrorCode(error) ?? String(error) }));
  }
  return uploaded;
}

/** Slack's reasons a workspace admin can act on; any other stays in the log. */
const FIXES: Record<string, string> = {
  missing_scope: 'paperboy needs the files:write scope: reinstall it from the current manifest (`npm run slack:manifest`).',
  not_in_channel: 'Invite paperboy to this channel (`/invite @paperboy`) so it can share files here.',
  file_uploads_disabled: 'File uploads are turned off in this workspace.',
};
