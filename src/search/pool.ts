/**
 * Search off the event loop. better-sqlite3 is synchronous, so a query that scans many rows would stop every
 * other command (and every acknowledgement) until it ends; here each query runs on one of a few worker
 * threads with a read-only connection to the store file (WAL lets them read while the main thread writes),
 * first come first served.
 */
import type { Worker } from 'node:worker_threads';
import type { SearchQuery } from '../core/query.ts';
import type { SearchHits } from './find.ts';
import { startTsWorker } from './ts-worker.ts';

export type WorkerRequest = { readonly id: number; readonly query: SearchQuery; readonly limit: number };

export type WorkerReply = { readonly id: number; readonly result: SearchHits } | { readonly id: number; readonly error: string };

interface Pending {
  readonly request: WorkerRequest;
  resolve(reply: WorkerReply): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  busy: Pending | undefined;
}

const WORKER = new URL('./search-worker.ts', import.meta.url);

export class SearchPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  private readonly dbPath: string;
  constructor(dbPath: string, size = 2) {
    this.dbPath = dbPath;
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  async search(query: SearchQuery, limit: number): Promise<SearchHits> {
    const reply = await this.run({ id: this.nextId++, query, limit });
    if ('error' in reply) throw new Error(reply.error);
    return reply.result;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error('search pool closed'));
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private run(request: WorkerRequest): Promise<WorkerReply> {
    if (this.closed) return Promise.reject(new Error('search pool closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy || this.queue.length === 0) continue;
      const pending = this.queue.shift()!;
      slot.busy = pending;
      // A worker with work keeps the process alive until it answers; an idle one does not.
      slot.worker.ref();
      slot.worker.postMessage(pending.request);
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startTsWorker(WORKER, { data: { dbPath: this.dbPath } }), busy: undefined };
    slot.worker.unref();
    // Unref again once it is up: an idle worker must not keep the process alive (it would, on Node 20).
    slot.worker.once('online', () => slot.busy || slot.worker.unref());
    slot.worker.on('message', (reply: WorkerReply) => {
      const pending = slot.busy;
      slot.busy = undefined;
      slot.worker.unref();
      pending?.resolve(reply);
      this.dispatch();
    });
    slot.worker.on('error', (error) => this.replace(slot, error));
    slot.worker.on('exit', (code) => this.replace(slot, new Error(`search worker exited with code ${code}`)));
    return slot;
  }

  /** A worker that died fails its own request only; a new one takes its place. */
  private replace(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    slot.busy?.reject(error);
    slot.busy = undefined;
    if (this.closed) return;
    this.slots[index] = this.spawn();
    this.dispatch();
  }
}
