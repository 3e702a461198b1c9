/**
 * The line that replaces an answer the platform refused after the ack (a 400 is not retried), worded once
 * for every platform; each escapes the reason its own way.
 */
export function refusedLine(platform: string, reason: string, escape: (text: string) => string): string {
  const why = escape((reason.split('\n')[0] ?? '').slice(0, 300));
  return `Sorry, ${platform} refused this answer (${why}), so it can't be shown here. The details are in paperboy's log.`;
}
