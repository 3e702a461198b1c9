/**
 * Slack's side of the slash command load, in a process of its own so that it does not share the
 * receiver's event loop: sends signed slash commands over node:http, times each ack (request written →
 * full HTTP answer) and counts the answers POSTed to each command's response_url on a server of its own.
 * Started by slack-load.ts through fork(); takes a LoadPlan over IPC and sends a LoadReport back.
 */
import { createServer } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { signSlackRequest, slashCommandBody } from '../fakes/slack-requests.ts';
import { serveParent } from './child.ts';

export interface LoadPlan {
  /** http://127.0.0.1:PORT/slack/events */
  readonly endpoint: string;
  readonly secret: string;
  /** Commands sent at once. */
  readonly count: number;
  /** Command texts, used in turn. */
  readonly texts: readonly string[];
  /** How long to wait for every answer. */
  readonly timeoutMs: number;
  /** How long to keep listening once every command has an answer, to catch a second one. */
  readonly settleMs: number;
  /** false: only the acks are timed (a server that never answers at response_url). */
  readonly expectAnswers?: boolean;
  /**
   * Commands sent to the endpoint first, untimed, as a running bot has served some before a burst: the
   * receiver's code is compiled and its pools are up. Their answers are awaited (with `timeoutMs`) and not counted.
   */
  readonly warmUp?: number;
}

export interface Ack {
  /** Request written → full HTTP answer, milliseconds. */
  readonly elapsedMs: number;
  /** 0 when the request failed. */
  readonly status: number;
}

export interface LoadReport {
  /** Per command, in order. */
  readonly acks: readonly Ack[];
  /** Answers received per command. */
  readonly answers: readonly number[];
  /** Why the load stopped short (some command still without an answer, or the client failed). */
  readonly error?: string;
}

interface Signed {
  readonly body: string;
  readonly headers: Record<string, string | number>;
}

function signed(body: string, secret: string): Signed {
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': Buffer.byteLength(body),
      'x-slack-signature': signSlackRequest(body, secret, timestamp),
      'x-slack-request-timestamp': String(timestamp),
    },
  };
}

/**
 * One request on a connection of its own, as raw bytes prepared beforehand, closed by the server after its
 * answer: the clock starts when the connection is up and the request has gone out, and stops when the whole
 * answer is in. node:http's client costs this process about as much per request as the receiver's whole ack,
 * and with 200 at once its own queue would be timed; a load generator must not be the bottleneck it measures.
 */
function send(url: URL, { body, headers }: Signed): Promise<Ack> {
  const head = Object.entries({ host: url.host, connection: 'close', ...headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  const bytes = Buffer.from(`POST ${url.pathname} HTTP/1.1\r\n${head}\r\n${body}`);
  return new Promise((resolve) => {
    let started = performance.now();
    const chunks: Buffer[] = [];
    const socket = connect(Number(url.port), url.hostname, () => {
      started = performance.now();
      socket.write(bytes);
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => {
      const status = /^HTTP\/1\.1 (\d{3}) /.exec(Buffer.concat(chunks).subarray(0, 16).toString('latin1'))?.[1];
      resolve({ elapsedMs: performance.now() - started, status: Number(status ?? 0) });
    });
    socket.on('error', () => resolve({ elapsedMs: performance.now() - started, status: 0 }));
  });
}

/** The response_url server: counts the POSTs to /response/<index>. */
async function startResponseSink(total: number) {
  const answers = new Array<number>(total).fill(0);
  let answered = 0;
  let warmUpAnswers = 0;
  let onEveryAnswer = () => {};
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      if (req.url?.startsWith('/warm-up/')) warmUpAnswers += 1;
      const index = Number(/^\/response\/(\d+)$/.exec(req.url ?? '')?.[1] ?? -1);
      if (index < 0 || index >= total) return;
      answers[index] = (answers[index] ?? 0) + 1;
      if (answers[index] === 1) answered += 1;
      if (answered === total) onEveryAnswer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  /** Resolves with undefined once every command has an answer, or with what went wrong after `timeoutMs`. */
  const everyAnswer = (timeoutMs: number) =>
    new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(`${answered}/${total} commands answered after ${timeoutMs} ms`), timeoutMs);
      onEveryAnswer = () => (clearTimeout(timer), resolve(undefined));
      if (answered === total) onEveryAnswer();
    });
  const close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  };
  const warmUpAnswered = () => warmUpAnswers;
  return { url, answers, everyAnswer, warmUpAnswered, close };
}

export async function runLoad(plan: LoadPlan): Promise<LoadReport> {
  const sink = await startResponseSink(plan.count);
  const endpoint = new URL(plan.endpoint);
  const requests = Array.from({ length: plan.count }, (_, i) =>
    signed(slashCommandBody({ text: plan.texts[i % plan.texts.length]!, responseUrl: `${sink.url}/response/${i}` }), plan.secret),
  );
  try {
    // This process's HTTP client warmed up on its own sink first, so its first-call costs do not land on the acks.
    await Promise.all(requests.slice(0, 20).map((r) => send(new URL(`${sink.url}/warm-up`), r)));
    await warmUpTheReceiver(plan, endpoint, sink);
    const acks = await Promise.all(requests.map((r) => send(endpoint, r)));
    if (plan.expectAnswers === false) return { acks, answers: [...sink.answers] };
    const error = await sink.everyAnswer(plan.timeoutMs);
    if (!error) await new Promise((resolve) => setTimeout(resolve, plan.settleMs));
    return { acks, answers: [...sink.answers], ...(error ? { error } : {}) };
  } finally {
    await sink.close();
  }
}

/** plan.warmUp commands, ten at a time, each answered before the burst starts. */
async function warmUpTheReceiver(plan: LoadPlan, endpoint: URL, sink: { url: string; warmUpAnswered: () => number }): Promise<void> {
  const count = plan.warmUp ?? 0;
  for (let i = 0; i < count; i += 10) {
    const batch = Array.from({ length: Math.min(10, count - i) }, (_, j) =>
      signed(
        slashCommandBody({ text: plan.texts[(i + j) % plan.texts.length]!, responseUrl: `${sink.url}/warm-up/${i + j}` }),
        plan.secret,
      ),
    );
    await Promise.all(batch.map((r) => send(endpoint, r)));
  }
  const deadline = performance.now() + plan.timeoutMs;
  while (plan.expectAnswers !== false && sink.warmUpAnswered() < count && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // Whatever the warm-up left behind (its garbage, the guard's quiet time) is over before the clock starts.
  await new Promise((resolve) => setTimeout(resolve, 200));
}

serveParent(runLoad);
