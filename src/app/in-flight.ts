import type { Dispatcher } from '../platforms/types.ts';

export interface TrackedDispatcher extends Dispatcher {
  /** Resolves when no command is being answered, or after `timeoutMs`; true when all finished in time. */
  settle(timeoutMs: number): Promise<boolean>;
}

/** Counts the commands being answered, so shutdown can let them finish before the store closes. */
export function trackInFlight(inner: Dispatcher): TrackedDispatcher {
  const running = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    running.add(work);
    void work.finally(() => running.delete(work)).catch(() => {});
    return work;
  };
  return {
    run: (invocation) => track(inner.run(invocation)),
    parseText: (text) => inner.parseText(text),
    complete: (invocation, option, partial) => track(inner.complete(invocation, option, partial)),
    describe: (command) => inner.describe(command),
    async settle(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (running.size > 0) {
        const left = deadline - Date.now();
        if (left <= 0) return false;
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, left)));
        await Promise.race([Promise.allSettled([...running]), timeout]);
        clearTimeout(timer);
      }
      return true;
    },
  };
}
