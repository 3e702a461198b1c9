/**
 * Work that follows an ack waits its turn: one piece per turn of the event loop, each after the I/O that
 * is ready by then. In a burst of slash commands the requests already waiting are read and acked (due
 * within 3 s) before the commands they started run and answer (due within 30 minutes).
 */
const waiting: (() => void)[] = [];
let scheduled = false;

export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!scheduled) {
      scheduled = true;
      setImmediate(takeTurn);
    }
  });
}

function takeTurn(): void {
  waiting.shift()?.();
  scheduled = waiting.length > 0;
  if (scheduled) setImmediate(takeTurn);
}
