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
 * is logged and the post stands: the text of the reply is never lost for its picture.
 */
export async function uploadAttachments(
  client: webApi.WebClient,
  channel: ChannelRef,
  threadTs: string,
  attachments: readonly Attachment[],
  log: Logger,
): Promise<number> {
  let uploaded = 0;
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
      log.error('file upload failed', {
        channel: channelLabel(channel),
        file: file.filename,
        error: slackErrorCode(error) ?? String(error),
      });
    }
  }
  return uploaded;
}
