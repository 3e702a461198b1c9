/**
 * No Docker engine runs here, so this test runs the Dockerfile's own recipe in a clean folder: the build
 * stage's COPY and RUN steps, the final stage's COPY --from, ENV and CMD, and its HEALTHCHECK. The one
 * substitution: `npm ci` cannot reach the registry from a test, so the checkout's installed packages (the same
 * lockfile) are copied in and npm's own lifecycle step after an install, `prepare`, is run.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, ROOT } from '../e2e/process.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord.ts';

interface Stage {
  readonly copies: { from?: string; sources: string[]; dest: string }[];
  readonly runs: string[];
  readonly env: Record<string, string>;
  cmd?: string[];
  healthcheck?: string[];
}

function readDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [instruction, ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    const stage = stages.at(-1);
    if (instruction === 'FROM') stages.push({ copies: [], runs: [], env: {} });
    else if (instruction === 'COPY') {
      const from = /^--from=(\S+)\s+/.exec(args);
      const parts = args.replace(/^--from=\S+\s+/, '').split(/\s+/);
      stage!.copies.push({ ...(from ? { from: from[1] } : {}), sources: parts.slice(0, -1), dest: parts.at(-1)! });
    } else if (instruction === 'RUN') stage!.runs.push(args);
    else if (instruction === 'ENV') {
      const [key, ...value] = args.split('=');
      stage!.env[key!] = value.join('=');
    } else if (instruction === 'CMD') stage!.cmd = JSON.parse(args) as string[];
    else if (instruction === 'HEALTHCHECK') stage!.healthcheck = JSON.parse(args.slice(args.indexOf('CMD') + 3)) as string[];
  }
  return stages;
}

const [build, final] = readDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'paperboy-image-'));
const app = join(work, 'app');
let discord: FakeDiscord | undefined;
afterAll(async () => void (await discord?.close()));

describe('the Dockerfile recipe, run in a clean folder', () => {
  it('has a build stage and a final stage that runs as a non-root user with the store on a volume', () => {
    const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    expect(text).toMatch(/^FROM node:(2[2-9])-\S+ AS build$/m);
    expect(text).toMatch(/^USER node$/m);
    expect(text).toMatch(/^VOLUME \["\/data"\]$/m);
    expect(final!.env.PAPERBOY_DB).toMatch(/^\/data\//);
  });

  it('installs, compiles and prunes as the build stage does, leaving no dev dependency', () => {
    mkdirSync(app, { recursive: true });
    for (const copy of build!.copies)
      for (const source of copy.sources) {
        const target =
          copy.dest.endsWith('/') && copy.dest !== './' ? join(app, copy.dest, source) : join(app, copy.dest === './' ? source : copy.dest);
        cpSync(join(ROOT, source), target, { recursive: true });
      }
    const env = { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false' };
    for (const run of build!.runs) {
      if (run.startsWith('apt-get')) continue; // system packages of the image
      if (run.startsWith('npm ci')) {
        cpSync(realpathSync(join(ROOT, 'node_modules')), join(app, 'node_modules'), { recursive: true, verbatimSymlinks: true });
        execFileSync('npm', ['run', 'prepare'], { cwd: app, env, stdio: 'pipe' });
        continue;
      }
      execFileSync('sh', ['-c', run], { cwd: app, env, stdio: 'pipe' });
    }
    expect(existsSync(join(app, 'dist', '.built'))).toBe(true);
    // What the lockfile marks dev-only (typescript, vitest, prettier and what only they need) is gone.
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    const devOnly = Object.entries(lock.packages).filter(([path, entry]) => path && entry.dev);
    expect(devOnly.map(([path]) => path)).toEqual(expect.arrayContaining(['node_modules/typescript', 'node_modules/vitest']));
    expect(devOnly.filter(([path]) => existsSync(join(app, path))).map(([path]) => path)).toEqual([]);
    expect(existsSync(join(app, 'node_modules', 'better-sqlite3'))).toBe(true);
  }, 120_000);

  it('starts with the image CMD and ENV, answers /healthz and /readyz, and passes the HEALTHCHECK', async () => {
    discord = await startFakeDiscord();
    const port = await freePort();
    mkdirSync(join(work, 'data'));
    const env = {
      PATH: process.env.PATH ?? '',
      ...final!.env,
      PAPERBOY_DB: join(work, 'data', 'paperboy.db'),
      PAPERBOY_HEALTH_PORT: String(port),
      HOST: '127.0.0.1',
      DISCORD_TOKEN: 'MTAx.fake.token',
      DISCORD_API_URL: discord.apiUrl,
      HF_API_URL: 'http://127.0.0.1:9/hf',
    };
    const [command, ...args] = final!.cmd!;
    const child = spawn(command === 'node' ? process.execPath : command!, args, { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    try {
      const deadline = Date.now() + 30_000;
      while (!/paperboy is running on discord/.test(output)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`not started:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(output).not.toMatch(/typescript is not installed|tsx/);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ ready: true, store: 'ok', platforms: { discord: 'connected' } });
      const [hcCommand, ...hcArgs] = final!.healthcheck!;
      const check = spawnSync(hcCommand === 'node' ? process.execPath : hcCommand!, hcArgs, { cwd: app, env });
      expect(check.status).toBe(0);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    expect(existsSync(join(work, 'data', 'paperboy.db'))).toBe(true);
  }, 60_000);
});
