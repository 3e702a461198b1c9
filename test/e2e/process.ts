/** Spawns paperboy as a user would (`node src/cli/bin.mjs …`), with the environment pointing at loopback fakes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'src', 'cli', 'bin.mjs');

/** Every remote URL points at 127.0.0.1, so nothing can reach an outside host even by mistake. */
export const CLOSED_URLS = {
  HF_API_URL: 'http://127.0.0.1:9/hf',
  ARXIV_API_URL: 'http://127.0.0.1:9/arxiv',
  ARXIV_RSS_URL: 'http://127.0.0.1:9/rss',
};

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const baseEnv = (env: Record<string, string>): NodeJS.ProcessEnv => {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(SLACK_|DISCORD_|OPENAI_|PAPERBOY_|HF_|ARXIV_|DATABASE_URL$)/.test(key)),
  );
  return { ...clean, ...CLOSED_URLS, LOG_LEVEL: 'info', ...env };
};

export interface Running {
  readonly child: ChildProcess;
  readonly output: () => string;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  stop(): Promise<number | null>;
}

export function startPaperboy(args: string[], env: Record<string, string>): Running {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: baseEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += String(chunk)));
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    async waitForOutput(pattern, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(output)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output so far:\n${output}`);
        if (child.exitCode !== null) throw new Error(`paperboy exited (${child.exitCode}) before ${pattern}:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Runs a one-off command to completion. */
export async function runPaperboy(
  args: string[],
  env: Record<string, string>,
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: baseEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  child.stdin.end(input ?? '');
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, stdout, stderr };
}
