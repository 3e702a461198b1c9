/** A one-line progress bar on a terminal; silent when output is piped (summaries still print). */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): (done: number, total: number, current: string) => void {
  if (!stream.isTTY) return () => {};
  let lastDraw = 0;
  return (done, total, current) => {
    const now = Date.now();
    if (done < total && now - lastDraw < 80) return;
    lastDraw = now;
    const width = 24;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const label = current.length > 40 ? `…${current.slice(-39)}` : current;
    stream.write(`\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`);
    if (done >= total) stream.write('\r\x1b[2K');
  };
}
