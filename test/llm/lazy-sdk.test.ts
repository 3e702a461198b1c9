import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'paperboy-lazy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A module hook in the child that writes down every file of the openai package it loads.
writeFileSync(
  join(dir, 'hooks.mjs'),
  `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (resolved.url.includes('/node_modules/openai/')) appendFileSync(process.env.OPENAI_LOADS, resolved.url + '\\n');
  return resolved;
}`,
);
writeFileSync(
  join(dir, 'register.mjs'),
  `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`,
);

/** `paperboy ask TEXT` from the sources; returns the openai SDK files it loaded. */
function ask(text: string, env: Record<string, string>): string[] {
  const loads = join(dir, `loads-${Math.random().toString(36).slice(2)}.txt`);
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|DISCORD_|OPENAI_|PAPERBOY_|HF_|ARXIV_)/.test(k)));
  const run = spawnSync(
    process.execPath,
    ['--import', pathToFileURL(join(dir, 'register.mjs')).href, join(ROOT, 'src', 'cli', 'bin.mjs'), 'ask', text],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...clean,
        ...env,
        OPENAI_LOADS: loads,
        PAPERBOY_FROM_SOURCE: '1',
        PAPERBOY_DB: join(dir, 'sample.db'),
        PAPERBOY_SAMPLE_LISTINGS: join(ROOT, 'data', 'listings'),
        LOG_LEVEL: 'warn',
      },
    },
  );
  expect(run.status, run.stderr).toBe(0);
  return existsSync(loads) ? readFileSync(loads, 'utf8').split('\n').filter(Boolean) : [];
}

describe('the openai SDK loads only when an LLM answers', () => {
  it('a search with no LLM configured never imports it; a configured LLM imports it on its first question', { timeout: 120_000 }, () => {
    expect(ask('search reward model', {})).toEqual([]);
    expect(ask('summarize 1', {})).toEqual([]);
    // Configured, but a search asks the LLM nothing.
    expect(
      ask('search reward model', { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_TIMEOUT_MS: '500', OPENAI_MAX_RETRIES: '0' }),
    ).toEqual([]);
    const summarize = ask('summarize 1', { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_TIMEOUT_MS: '500', OPENAI_MAX_RETRIES: '0' });
    expect(summarize.length).toBeGreaterThan(0);
  });
});
