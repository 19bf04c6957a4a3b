import express from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openPgStore } from './open-pg-store.ts';
import { createPgRateLimitStores } from './pg-rate-limit-store.ts';
import { usePostgres } from './pg-test-store.ts';

const { freshStore } = usePostgres();

/** A real express app limited to `limit` per hour by a store on `pool`, on a loopback port. */
async function limitedServer(pool: import('pg').Pool, limit: number): Promise<string> {
  const app = express();
  app.use(rateLimit({ windowMs: 3_600_000, limit, standardHeaders: 'draft-8', legacyHeaders: false, keyGenerator: () => 'everyone', store: createPgRateLimitStores(pool).create('rl:test:') }));
  app.get('/', (_req, res) => {
    res.send('ok');
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe('rate-limit counters in PostgreSQL', () => {
  it('a limit of N holds across two instances together (two pools, two apps)', async () => {
    const store = await freshStore();
    const other = await openPgStore({ databaseUrl: store.url, mode: 'serve' });
    if (!other.ok) throw new Error(other.problem);
    onTestFinished(() => other.store.close());
    const [a, b] = [await limitedServer(store.pool, 5), await limitedServer(other.store.pool, 5)];
    const statuses = await Promise.all(Array.from({ length: 12 }, (_, index) => fetch(index % 2 === 0 ? a : b).then((response) => response.status)));
    expect(statuses.filter((status) => status === 200)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(7);
    const refused = await fetch(b);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('ratelimit-policy')).toMatch(/^"5-in-1hr"; q=5; w=3600; pk=:[A-Za-z0-9+/=]+:$/);
  });

  it('windows end on the clock; decrement gives a hit back; keys and prefixes are apart; resetKey and prune forget', async () => {
    const store = await freshStore();
    let nowMs = 1_000_000;
    const stores = createPgRateLimitStores(store.pool, { now: () => nowMs });
    const limiter = stores.create('rl:submit:ip:trial:');
    const other = stores.create('rl:submit:form:trial:');
    limiter.init?.({ windowMs: 60_000 } as never);
    other.init?.({ windowMs: 60_000 } as never);

    expect(await limiter.increment('1.2.3.4')).toEqual({ totalHits: 1, resetTime: new Date(1_060_000) });
    expect(await limiter.increment('5.6.7.8')).toMatchObject({ totalHits: 1 });
    nowMs += 10_000;
    expect(await limiter.increment('1.2.3.4')).toEqual({ totalHits: 2, resetTime: new Date(1_060_000) });
    expect(await other.increment('1.2.3.4')).toEqual({ totalHits: 1, resetTime: new Date(1_070_000) });
    await limiter.decrement('1.2.3.4');
    expect(await limiter.get?.('1.2.3.4')).toEqual({ totalHits: 1, resetTime: new Date(1_060_000) });

    nowMs = 1_060_000; // the first window has ended
    expect(await limiter.get?.('1.2.3.4')).toBeUndefined();
    expect(await limiter.increment('1.2.3.4')).toEqual({ totalHits: 1, resetTime: new Date(1_120_000) });
    await limiter.resetKey('1.2.3.4');
    expect(await limiter.get?.('1.2.3.4')).toBeUndefined();
    expect(await stores.prune()).toBe(1); // 5.6.7.8's window ended; `other`'s has not
    expect((await store.pool.query('SELECT key FROM rate_limits ORDER BY key')).rows).toEqual([{ key: 'rl:submit:form:trial:1.2.3.4' }]);
  });
});
