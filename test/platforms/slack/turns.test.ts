import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextTurn } from '../../../src/platforms/slack/turns.ts';

describe('work after an ack waits its turn', () => {
  const seen: string[] = [];
  const server = createServer((_req, res) => {
    seen.push('request');
    res.end();
  });
  let url = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('GIVEN 100 pieces of work waiting and a request arriving after the first THEN they run in order and the request is served before the last', async () => {
    let request: Promise<Response> | undefined;
    await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        await nextTurn();
        seen.push(`work ${i}`);
        if (i === 0) request = fetch(url);
      }),
    );
    await request;
    const work = seen.filter((s) => s.startsWith('work'));
    expect(work).toEqual(Array.from({ length: 100 }, (_, i) => `work ${i}`));
    expect(seen.indexOf('request')).toBeGreaterThan(0);
    expect(seen.indexOf('request')).toBeLessThan(seen.indexOf('work 99'));
  });
});
