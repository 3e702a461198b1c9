/** A reply's files (the weekly roundup's chart) at the terminal: written to a folder, their paths printed. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Reply } from '../../message/model.ts';
import { stripControl } from './render.ts';

/** Only letters, digits, dot, dash and underscore, never a path: a reply cannot write outside `dir`. */
const safeName = (name: string): string =>
  basename(name.replace(/\\/g, '/'))
    .replace(/[^\w.-]+/g, '_')
    .replace(/^\.+/, '') || 'file';

/** Writes each file under `dir` (made if missing); returns the lines to print, one per file. */
export function saveAttachments(reply: Reply, dir: string): string[] {
  const attachments = reply.attachments ?? [];
  if (attachments.length === 0) return [];
  mkdirSync(dir, { recursive: true });
  return attachments.map((file) => {
    const path = resolve(join(dir, safeName(file.filename)));
    writeFileSync(path, file.data);
    return `Chart (${file.width}×${file.height} PNG): ${stripControl(path)}`;
  });
}
