import { describe, expect, it, onTestFinished } from 'vitest';
import { post, startHarness } from '../testing/harness.ts';
import { formsWithOutbox, lead } from '../testing/outbox-fixtures.ts';
import { waitFor } from '../testing/wait-for.ts';

const MINUTE = 60_000;

describe('GET /healthz/delivery', () => {
  it('turns 503 while a sandbox outage keeps a lead waiting longer than outbox.alertAfter, and 200 once it heals; /readyz stays 200', async () => {
    let offset = 0;
    const harness = await startHarness({
      formsFile: formsWithOutbox({ inlineBudgetMs: 300, backoff: { baseMs: 20, capMs: 100 }, alertAfter: '15m' }),
      now: () => new Date(Date.now() + offset),
    });
    onTestFinished(() => harness.close());
    const health = async () => {
      const response = await fetch(`${harness.proxy.url}/healthz/delivery`);
      expect(response.headers.get('cache-control')).toBe('no-store');
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect(await health()).toEqual({ status: 200, body: { status: 'ok' } });

    await harness.fault({ mode: 'error', status: 503 });
    expect((await post(harness.proxy.url, lead('outage'))).status).toBe(202);
    // Waiting, but not yet for longer than alertAfter.
    expect(await health()).toEqual({ status: 200, body: { status: 'ok' } });
    offset += 16 * MINUTE;
    const degraded = await health();
    expect(degraded.status).toBe(503);
    expect(degraded.body).toEqual({ status: 'degraded', oldestQueuedSeconds: expect.any(Number), dead24h: 0 });
    expect(degraded.body['oldestQueuedSeconds']).toBeGreaterThanOrEqual(16 * 60);
    expect((await fetch(`${harness.proxy.url}/readyz`)).status).toBe(200);

    await fetch(`${harness.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });
    await waitFor('healed', async () => (await health()).status === 200);
    expect(await health()).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('is 503 with keysRefused while Gleantap refuses the keys, though nothing waits, and ok after a delivery', async () => {
    const harness = await startHarness({ formsFile: formsWithOutbox({ inlineBudgetMs: 300 }) });
    onTestFinished(() => harness.close());
    await harness.fault({ mode: 'error', status: 401, endpoint: 'newContact' });
    expect((await post(harness.proxy.url, lead('refused'))).status).toBe(202);
    const refused = await waitFor('refused', async () => {
      const response = await fetch(`${harness.proxy.url}/healthz/delivery`);
      return response.status === 503 ? response.json() : undefined;
    });
    expect(refused).toEqual({ status: 'degraded', oldestQueuedSeconds: 0, dead24h: 1, keysRefused: true });
    await fetch(`${harness.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });
    expect((await post(harness.proxy.url, lead('fixed'))).status).toBe(201);
    expect((await fetch(`${harness.proxy.url}/healthz/delivery`)).status).toBe(200);
  });

  it('answers only GET and HEAD', async () => {
    const harness = await startHarness();
    onTestFinished(() => harness.close());
    const response = await fetch(`${harness.proxy.url}/healthz/delivery`, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});
