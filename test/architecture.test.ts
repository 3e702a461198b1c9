import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const sourceFiles = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : /\.(ts|mjs)$/.test(entry.name) ? [path] : [];
  });
const FILES = [...sourceFiles('src'), ...sourceFiles('commands')];
const importsOf = (file: string): string[] =>
  [...readFileSync(join(ROOT, file), 'utf8').matchAll(/from\s+'([^']+)'|import\('([^']+)'\)/g)].map((m) => m[1] ?? m[2]!);

describe('architecture', () => {
  it('only src/platforms/slack imports Bolt, only src/platforms/discord imports discord.js', () => {
    const offenders = FILES.flatMap((file) =>
      importsOf(file)
        .filter(
          (spec) =>
            (/^@slack\//.test(spec) && !file.startsWith('src/platforms/slack/')) ||
            (/^(discord\.js|@discordjs\/)/.test(spec) && !file.startsWith('src/platforms/discord/')),
        )
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('commands know nothing of platforms, SQL or ANSI', () => {
    const offenders = sourceFiles('commands').flatMap((file) => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const bad = importsOf(file).filter((spec) => spec.includes('/platforms/') || spec === 'better-sqlite3');
      if (/\\x1b\[|\\u001b/.test(text)) bad.push('ANSI escape codes');
      if (/\b(SELECT|INSERT|UPDATE|DELETE)\s+\w/.test(text)) bad.push('SQL');
      return bad.map((what) => `${file}: ${what}`);
    });
    expect(offenders).toEqual([]);
  });

  it('SQL lives in src/store only', () => {
    const offenders = FILES.filter((file) => !file.startsWith('src/store/') && importsOf(file).includes('better-sqlite3')).map((f) =>
      relative(ROOT, join(ROOT, f)),
    );
    expect(offenders).toEqual([]);
  });

  it('no source file is over 300 lines, and command modules stay small', () => {
    const long = FILES.map((file) => ({ file, lines: readFileSync(join(ROOT, file), 'utf8').split('\n').length }))
      .filter(({ file, lines }) => lines > 300 || (file.startsWith('commands/') && lines > 60))
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(long).toEqual([]);
  });
});
