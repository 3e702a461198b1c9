/**
 * A reply's files (the weekly roundup's chart) as Discord message attachments: multipart `files[n]` beside the
 * JSON body, each named in the body's `attachments` with its alt text as the description.
 */
import { AttachmentBuilder, type RawFile } from 'discord.js';
import type { Reply } from '../../message/model.ts';
import { linkThreads } from '../../message/thread-links.ts';
import { clip } from './text.ts';

/** Discord's limit on an attachment's description (its alt text). */
const DESCRIPTION_MAX = 1024;

/** For REST posts (digests, roundups): the files, and the `attachments` the JSON body must name them in. */
export function restFiles(reply: Reply): { files: RawFile[]; attachments: { id: number; filename: string; description: string }[] } {
  const attachments = reply.attachments ?? [];
  return {
    files: attachments.map((a) => ({ name: a.filename, data: Buffer.from(a.data), contentType: a.mimeType })),
    attachments: attachments.map((a, id) => ({ id, filename: a.filename, description: clip(a.alt, DESCRIPTION_MAX) })),
  };
}

/** For an interaction's answer (editReply): discord.js builds the multipart body itself. */
export function interactionFiles(reply: Reply): { files?: AttachmentBuilder[] } {
  const attachments = reply.attachments ?? [];
  if (attachments.length === 0) return {};
  return {
    files: attachments.map(
      (a) => new AttachmentBuilder(Buffer.from(a.data), { name: a.filename, description: clip(a.alt, DESCRIPTION_MAX) }),
    ),
  };
}

/** A paper's thread as a Discord link, when the guild is known (`https://discord.com/channels/<guild>/<thread>`). */
export const threadLinks = (reply: Reply, guildId: string | null | undefined): Reply =>
  linkThreads(reply, (thread) =>
    guildId && /^\d+$/.test(thread.threadId) ? `https://discord.com/channels/${guildId}/${thread.threadId}` : undefined,
  );
