/**
 * Replay protection for the Interactions Endpoint: a signed request is only good near its signing time, and
 * each interaction id is answered once. Discord documents no window; Slack's 5 minutes (wire-facts §3.2) is
 * the usual choice, and an id is remembered for twice that, so a replay is refused by one check or the other.
 */
export const SIGNATURE_WINDOW_SECONDS = 300;

export function createReplayGuard(now: () => number = Date.now) {
  const seen = new Map<string, number>();
  const windowMs = SIGNATURE_WINDOW_SECONDS * 1000;

  return {
    /** The X-Signature-Timestamp (unix seconds) is within the window, either way. */
    timely(timestamp: string): boolean {
      if (!/^\d{1,12}$/.test(timestamp)) return false;
      return Math.abs(now() - Number(timestamp) * 1000) <= windowMs;
    },
    /** True the first time an id is offered; ids older than twice the window are forgotten (oldest first). */
    firstSighting(id: string): boolean {
      const at = now();
      for (const [old, when] of seen) {
        if (at - when <= 2 * windowMs) break;
        seen.delete(old);
      }
      if (seen.has(id)) return false;
      seen.set(id, at);
      return true;
    },
  };
}
