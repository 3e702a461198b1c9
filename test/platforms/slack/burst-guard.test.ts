/** The burst guard on a real node:http server: work after an ack waits for the requests already in. */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BurstGuard } from '../../../src/platforms/slack/burst-guard.ts';
import { waitFor } from '../../fakes/slack.ts';

describe('BurstGuard', () => {
  let server: Server | undefined;
  afterEach(async () => {
    const running = server;
    server = undefined;
    running?.closeAllConnections();
    if (running) await new Promise((resolve) => running.close(resolve));
  });

  /** A server that reports each request to the guard and answers it when `answer(res)` says. */
  let arrivals = 0;
  const start = async (guard: BurstGuard, answer: (res: ServerResponse) => void) => {
    arrivals = 0;
    server = createServer((req, res) => {
      arrivals += 1;
      guard.arrived(res);
      req.resume();
      req.on('end', () => answer(res));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  };

  it('GIVEN nothing came in THEN afterAcks resolves at once', async () => {
    const started = performance.now();
    await new BurstGuard().afterAcks();
    expect(performance.now() - started).toBeLessThan(20);
  });

  it('GIVEN a request waiting for its answer THEN afterAcks resolves only once it is answered', async () => {
    const guard = new BurstGuard();
    let answeredAt = 0;
    const url = await start(guard, (res) =>
      setTimeout(() => {
        answeredAt = performance.now();
        res.end();
      }, 100),
    );
    const sent = fetch(url, { method: 'POST', body: 'x' });
    await waitFor(() => arrivals === 1, 5000, 'the request');
    await guard.afterAcks();
    expect(answeredAt).toBeGreaterThan(0);
    expect((await sent).status).toBe(200);
  });

  it('GIVEN a request that is never answered THEN afterAcks gives up waiting after the 3 s ack deadline; releaseAll lets go at once', async () => {
    const guard = new BurstGuard();
    const url = await start(guard, () => undefined);
    void fetch(url, { method: 'POST', body: 'x' }).catch(() => undefined);
    await waitFor(() => arrivals === 1, 5000, 'the request');
    const started = performance.now();
    await guard.afterAcks();
    expect(performance.now() - started).toBeGreaterThanOrEqual(2900);
    expect(performance.now() - started).toBeLessThan(5000);
    const held = guard.afterAcks();
    guard.releaseAll();
    await held;
  }, 10_000);

  it('GIVEN 100 pieces of held work THEN they go one per turn, in order: a request arriving after the first is served before the last', async () => {
    const guard = new BurstGuard();
    const seen: string[] = [];
    let held: ServerResponse | undefined;
    const url = await start(guard, (res) => {
      if (!held) held = res;
      else {
        seen.push('request');
        res.end();
      }
    });
    void fetch(url, { method: 'POST', body: 'held' }).catch(() => undefined);
    await waitFor(() => held, 5000, 'the held request');
    let request: Promise<Response> | undefined;
    const work = Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        await guard.afterAcks();
        seen.push(`work ${i}`);
        if (i === 0) request = fetch(url, { method: 'POST', body: 'meanwhile' });
      }),
    );
    held!.end();
    await work;
    await request;
    expect(seen.filter((s) => s.startsWith('work'))).toEqual(Array.from({ length: 100 }, (_, i) => `work ${i}`));
    expect(seen.indexOf('request')).toBeGreaterThan(0);
    expect(seen.indexOf('request')).toBeLessThan(seen.indexOf('work 99'));
  });
});
