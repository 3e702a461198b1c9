import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../errors.ts';

/** How long a write on the answering path waits, in total, for another process's write lock. */
export const BUSY_WAIT_MS = 15_000;
const FIRST_STEP_MS = 10;
const LONGEST_STEP_MS = 250;

/** Another process (an `ingest`, a second instance) held the write lock for longer than we wait. */
export class StoreBusyError extends UserError {
  constructor() {
    super(
      'store-busy',
      'The store is busy (another paperboy process is writing to it), so this could not be saved.',
      'Try again in a minute.',
    );
    this.name = 'StoreBusyError';
  }
}

/** The store cannot take writes (read-only file, folder or disk, or a full disk); reads still answer. */
export class StoreUnwritableError extends UserError {
  constructor(full: boolean) {
    super(
      'store-unwritable',
      full
        ? 'The disk holding the store is full, so this could not be saved.'
        : 'The store is read-only (file, folder or disk), so this could not be saved.',
      'Searches and other read-only commands still answer; whoever runs paperboy can fix the store.',
    );
    this.name = 'StoreUnwritableError';
  }
}

const codeOf = (error: unknown): string => {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : '';
};

/** A write refused because the store cannot be written (SQLITE_READONLY…) or the disk is full (SQLITE_FULL). */
export const isUnwritable = (error: unknown): boolean => /^SQLITE_(READONLY|FULL)/.test(codeOf(error));

/** SQLITE_BUSY and its extended codes: the lock was taken and the connection does not wait for it. */
export const isBusy = (error: unknown): boolean =>
  typeof (error as { code?: unknown })?.code === 'string' && (error as { code: string }).code.startsWith('SQLITE_BUSY');

/**
 * Runs `work` (which writes); while another process holds the write lock, waits without blocking the event
 * loop (timers, 10 ms doubling to 250 ms) and runs it again, up to `maxWaitMs` in all, then StoreBusyError.
 * On a connection opened with busy_timeout 0 a locked write fails at once instead of blocking the loop; a
 * failed write changed nothing (its statement or transaction rolled back), so running it again is safe.
 * A store that cannot take writes at all (read-only, full disk) gives StoreUnwritableError, one line for chat.
 */
export async function retryWhileBusy<T>(work: () => T | Promise<T>, maxWaitMs = BUSY_WAIT_MS): Promise<T> {
  const deadline = Date.now() + maxWaitMs;
  for (let step = FIRST_STEP_MS; ; step = Math.min(step * 2, LONGEST_STEP_MS)) {
    try {
      return await work();
    } catch (error) {
      if (isUnwritable(error)) throw new StoreUnwritableError(codeOf(error) === 'SQLITE_FULL');
      if (!isBusy(error)) throw error;
      const left = deadline - Date.now();
      if (left <= 0) throw new StoreBusyError();
      await sleep(Math.min(step, left));
    }
  }
}
