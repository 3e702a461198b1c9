/** One-line progress bars on a terminal; silent when stderr is piped (summaries still print). */
export type Progress = (done: number, total: number, current: string) => void;

/** Files done of all files, with the current one. */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): Progress {
  return bar(stream, (done, total) => `${done}/${total}`);
}

/** Bytes done of one large file, as a percentage, with what the label says (papers so far) and the rate. */
export function byteProgressBar(stream: NodeJS.WriteStream = process.stderr, startedAt = Date.now()): Progress {
  return bar(stream, (done, total) => `${total === 0 ? 100 : Math.floor((done / total) * 100)}%`, startedAt);
}

function bar(stream: NodeJS.WriteStream, count: (done: number, total: number) => string, startedAt?: number): Progress {
  if (!stream.isTTY) return () => {};
  let lastDraw = 0;
  return (done, total, current) => {
    const now = Date.now();
    if (done < total && now - lastDraw < 80) return;
    lastDraw = now;
    const width = 24;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const label = current.length > 40 ? `…${current.slice(-39)}` : current;
    const rate = startedAt !== undefined && now > startedAt ? ` ${rateOf(current, (now - startedAt) / 1000)}` : '';
    stream.write(`\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${count(done, total)} ${label}${rate}`);
    if (done >= total) stream.write('\r\x1b[2K');
  };
}

/** "12,345 papers" over the seconds so far as "(4,321/s)"; nothing when the label has no count. */
function rateOf(label: string, seconds: number): string {
  const n = Number(/^[\d,]+/.exec(label)?.[0]?.replaceAll(',', '') ?? NaN);
  return Number.isFinite(n) ? `(${Math.round(n / seconds).toLocaleString('en')}/s)` : '';
}
