import { expect, it, onTestFinished } from 'vitest';
import { post, startHarness } from '../testing/harness.ts';
import { listOutbox, runOutbox } from '../testing/outbox-cli.ts';
import { formsWithOutbox, lead } from '../testing/outbox-fixtures.ts';
import { describeStores, freshStoreLocation } from '../testing/test-postgres.ts';
import { waitFor } from '../testing/wait-for.ts';

const YEAR_S = 365 * 86_400;
const CAP_MS = 60_000;

describeStores('Retry-After has a ceiling', (store) => {
  it('a 429 asking for a year pauses for capMs (gate and row), is logged once, and `outbox retry <id>` makes a queued lead due now', async () => {
    let offset = 0;
    const harness = await startHarness({ store, formsFile: formsWithOutbox({ inlineBudgetMs: 300, backoff: { baseMs: 20, capMs: CAP_MS } }), now: () => new Date(Date.now() + offset) });
    onTestFinished(() => harness.close());
    await harness.fault({ mode: '429', retryAfter: YEAR_S });
    const first = lead('first');
    const second = lead('second');
    const before = Date.now();
    expect((await post(harness.proxy.url, first)).status).toBe(202);
    expect((await post(harness.proxy.url, second)).status).toBe(202);
    const rows = await waitFor('the 429 recorded', async () => {
      const listed = await listOutbox(harness);
      return listed.find((row) => row.id === first.id)?.lastError === 'http_429' ? listed : undefined;
    });
    const after = Date.now();
    // The row waits at most capMs, not a year (and never less than the capped Retry-After).
    for (const row of rows) {
      const due = Date.parse(row.nextAttemptAt ?? '');
      expect(due, row.id).toBeLessThanOrEqual(after + CAP_MS);
    }
    const firstDue = Date.parse(rows.find((row) => row.id === first.id)?.nextAttemptAt ?? '');
    expect(firstDue).toBeGreaterThanOrEqual(before + CAP_MS);

    const pauses = harness.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => typeof line['requestedMs'] === 'number');
    expect(pauses).toEqual([expect.objectContaining({ level: 'warn', reason: 'http_429', upstreamStatus: 429, requestedMs: YEAR_S * 1000, appliedMs: CAP_MS })]);

    // `--all-dead` stays dead-only; by id, a queued lead is due now.
    expect(await runOutbox(harness, 'retry', '--all-dead')).toMatchObject({ code: 0, stdout: 'No dead submissions.' });
    const retried = await runOutbox(harness, 'retry', first.id);
    expect(retried).toMatchObject({ code: 0, stdout: `due now ${first.id} (form default): its wait is over` });
    const moved = (await listOutbox(harness)).find((row) => row.id === first.id);
    expect(Date.parse(moved?.nextAttemptAt ?? '')).toBeLessThanOrEqual(Date.now());
    expect(moved).toMatchObject({ state: 'queued', lastError: 'http_429' });

    // Gleantap recovers; once the capped pause has passed (injected clock) both are delivered.
    await fetch(`${harness.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });
    offset = CAP_MS + 1_000;
    await waitFor('both delivered', async () => (await harness.proxy.metrics()).delivered === 2);
  });

  it('a wait written under a larger cap (or by a release without one) is clamped to capMs when serve starts', async () => {
    const location = await freshStoreLocation(store);
    const first = await startHarness({ store, ...location, formsFile: formsWithOutbox({ inlineBudgetMs: 300, backoff: { baseMs: 20, capMs: 86_400_000 } }) });
    await first.fault({ mode: '429', retryAfter: YEAR_S });
    const body = lead('stalled');
    expect((await post(first.proxy.url, body)).status).toBe(202);
    await waitFor('the 429 recorded', async () => (await listOutbox(location))[0]?.lastError === 'http_429');
    await first.close();
    expect(Date.parse((await listOutbox(location))[0]?.nextAttemptAt ?? '')).toBeGreaterThan(Date.now() + CAP_MS * 10);

    const second = await startHarness({ store, ...location, formsFile: formsWithOutbox({ inlineBudgetMs: 300, backoff: { baseMs: 20, capMs: CAP_MS } }) });
    onTestFinished(() => second.close());
    expect(Date.parse((await listOutbox(location))[0]?.nextAttemptAt ?? '')).toBeLessThanOrEqual(Date.now() + CAP_MS);
    expect(second.logs.some((line) => line.includes('now wait at most that long'))).toBe(true);
  });
});
