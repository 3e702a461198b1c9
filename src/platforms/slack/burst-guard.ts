import type { ServerResponse } from 'node:http';
import { SLACK_ACK_DEADLINE_MS } from './limits.ts';

/** A burst is taken to be over once no request has come in, and none waits for its answer, for this long… */
const QUIET_MS = 20;
/**
 * …and work held for it goes ahead after Slack's ack deadline anyway, so that steady traffic cannot starve it.
 * Not sooner: on a busy machine a burst's acks can take over a second, and work let go then (searches on
 * worker threads, answers) takes the CPU from the acks still due.
 */
const MAX_HOLD_MS = SLACK_ACK_DEADLINE_MS;

/**
 * In a burst of slash commands the acks are due within 3 s and the answers within 30 minutes: the work
 * that follows an ack waits here until the requests already in are answered, so that it takes neither
 * this thread nor the CPU from the acks still due. Released work goes one piece per turn of the event loop,
 * so that a request arriving meanwhile is read between two pieces rather than after all of them.
 * One per HTTP receiver; the receiver reports each request.
 */
export class BurstGuard {
  private unanswered = 0;
  private lastArrival = -Infinity;
  private held: { readonly until: number; readonly resolve: () => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Released, each waiting for a turn of its own. */
  private ready: (() => void)[] = [];
  private turn: NodeJS.Immediate | undefined;

  /** A request came in; it counts until its response is finished or its connection closed. */
  arrived(res: ServerResponse): void {
    this.unanswered += 1;
    this.lastArrival = performance.now();
    res.once('close', () => {
      this.unanswered -= 1;
    });
  }

  /** Resolves once the burst's requests are answered (at most MAX_HOLD_MS from now). O(1) per call. */
  afterAcks(): Promise<void> {
    const now = performance.now();
    if (this.held.length === 0 && this.ready.length === 0 && this.quiet(now)) return Promise.resolve();
    return new Promise((resolve) => {
      this.held.push({ until: now + MAX_HOLD_MS, resolve });
      if (!this.timer) this.arm(now);
    });
  }

  /** Lets everything held go (on stop). */
  releaseAll(): void {
    clearTimeout(this.timer);
    clearImmediate(this.turn);
    this.timer = undefined;
    this.turn = undefined;
    for (const resolve of [...this.ready.splice(0), ...this.held.splice(0).map((h) => h.resolve)]) resolve();
  }

  private quiet(now: number): boolean {
    return this.unanswered === 0 && now - this.lastArrival >= QUIET_MS;
  }

  /** All held work once quiet, else what has waited MAX_HOLD_MS (a prefix: deadlines ascend with the calls). */
  private release(): void {
    this.timer = undefined;
    const now = performance.now();
    let due = this.held.length;
    if (!this.quiet(now)) for (due = 0; due < this.held.length && this.held[due]!.until <= now;) due++;
    for (const h of this.held.splice(0, due)) this.ready.push(h.resolve);
    if (this.held.length > 0) this.arm(now);
    if (!this.turn && this.ready.length > 0) this.turn = setImmediate(() => this.takeTurn());
  }

  private takeTurn(): void {
    // A queue's shift is O(n); `ready` holds at most one burst, and a burst is hundreds, not millions.
    this.ready.shift()?.();
    this.turn = this.ready.length > 0 ? setImmediate(() => this.takeTurn()) : undefined;
  }

  private arm(now: number): void {
    const quietAt = this.unanswered === 0 ? this.lastArrival + QUIET_MS : now + QUIET_MS;
    this.timer = setTimeout(() => this.release(), Math.max(1, Math.min(this.held[0]!.until, quietAt) - now));
  }
}
