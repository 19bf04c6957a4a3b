import { describe, expect, it, onTestFinished } from 'vitest';
import { openPgStore } from './open-pg-store.ts';
import { createPgRateLimitStores } from './pg-rate-limit-store.ts';
import { usePostgres } from './pg-test-store.ts';

const { freshStore } = usePostgres();

describe('rate-limit counters in PostgreSQL', () => {
  it('two instances (two pools) count one key together: every hit gets its own number, on the database clock', async () => {
    const store = await freshStore();
    const other = await openPgStore({ databaseUrl: store.url, mode: 'serve' });
    if (!other.ok) throw new Error(other.problem);
    onTestFinished(() => other.store.close());
    // What express-rate-limit does with a store: init with its options, then one increment per request.
    const [a, b] = [createPgRateLimitStores(store.pool).create('rl:submit:form:trial:'), createPgRateLimitStores(other.store.pool).create('rl:submit:form:trial:')];
    a.init?.({ windowMs: 3_600_000 } as never);
    b.init?.({ windowMs: 3_600_000 } as never);
    expect([a.localKeys, a.prefix]).toEqual([false, 'rl:submit:form:trial:']);
    const before = Date.now();
    const hits = await Promise.all(Array.from({ length: 30 }, (_, index) => (index % 2 === 0 ? a : b).increment('all')));
    // A limit of N refuses every hit numbered above N, whichever instance counted it.
    expect(hits.map((hit) => hit.totalHits).sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
    const resets = new Set(hits.map((hit) => hit.resetTime?.getTime()));
    expect(resets.size).toBe(1);
    const [reset] = [...resets] as number[];
    expect(reset).toBeGreaterThan(before + 3_500_000);
    expect(await b.get?.('all')).toEqual({ totalHits: 30, resetTime: new Date(reset as number) });
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
