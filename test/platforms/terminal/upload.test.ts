/** The weekly roundup's chart at the terminal: written to the files folder, its path printed; a file name cannot leave it. */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { CHART_LAYOUT } from '../../../src/core/chart.ts';
import type { Reply } from '../../../src/message/model.ts';
import { runAsk } from '../../../src/cli/ask.ts';
import { saveAttachments } from '../../../src/platforms/terminal/files.ts';
import { createTerminalAdapter } from '../../../src/platforms/terminal/index.ts';
import { harness } from '../../commands/harness.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-files-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('files at the terminal', () => {
  it('`roundup` prints the week and the path of its chart, a PNG of the declared size in the files folder', async () => {
    const dir = join(tempDir(), 'charts');
    const { dispatcher } = harness();
    const input = new PassThrough();
    const output = new PassThrough();
    let written = '';
    output.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
    const session = createTerminalAdapter({ input, output, filesDir: dir }).start(dispatcher);
    input.write('roundup 2025-12-18\nquit\n');
    await session;
    expect(written).toContain('The week in papers — 2025-W51');
    const path = join(dir, 'roundup-2025-W51.png');
    expect(written).toContain(`Chart (${CHART_LAYOUT.width}×${CHART_LAYOUT.height} PNG): ${path}`);
    const png = PNG.sync.read(readFileSync(path));
    expect([png.width, png.height]).toEqual([CHART_LAYOUT.width, CHART_LAYOUT.height]);
  });

  it('a file name is only ever a name inside the folder', () => {
    const dir = tempDir();
    const reply: Reply = {
      blocks: [],
      fallback: '',
      attachments: [
        {
          kind: 'image',
          filename: '../../evil\u001b[31m.png',
          mimeType: 'image/png',
          data: new Uint8Array([1]),
          alt: 'x',
          width: 1,
          height: 1,
        },
      ],
    };
    const [line] = saveAttachments(reply, dir);
    expect(readdirSync(dir)).toEqual(['evil_31m.png']);
    expect(line).not.toContain('\u001b');
    expect(existsSync(join(dir, '..', '..', 'evil.png'))).toBe(false);
  });

  it('`paperboy ask roundup` saves the chart and prints its path; --json describes the file instead of dumping its bytes', async () => {
    const dir = tempDir();
    const { dispatcher } = harness();
    let written = '';
    const output = new PassThrough();
    output.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
    expect(await runAsk('roundup 2025-12-18', { dispatcher, output, json: false, filesDir: dir })).toBe(0);
    expect(written).toContain(`PNG): ${join(dir, 'roundup-2025-W51.png')}`);
    written = '';
    await runAsk('roundup 2025-12-18', { dispatcher, output, json: true });
    const json = JSON.parse(written) as { attachments: Record<string, unknown>[] };
    expect(json.attachments).toEqual([
      expect.objectContaining({
        filename: 'roundup-2025-W51.png',
        mimeType: 'image/png',
        bytes: expect.any(Number),
        width: CHART_LAYOUT.width,
      }),
    ]);
    expect(json.attachments[0]).not.toHaveProperty('data');
  });
});
