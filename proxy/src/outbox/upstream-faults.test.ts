import { describe, it } from 'vitest';
import { post, startHarness } from '../testing/harness.ts';
import { callsById, contactsById, formsWithOutbox, lead, type SandboxCall, SHORT_UPSTREAM_ENV } from '../testing/outbox-fixtures.ts';
import { STORE_KINDS, usePostgresCluster } from '../testing/test-postgres.ts';
import { waitFor } from '../testing/wait-for.ts';

const LEADS = 4;
const RETRY_AFTER_S = 1;
const forms = formsWithOutbox({ inlineBudgetMs: 250, backoff: { baseMs: 40, capMs: 200 }, concurrency: 4 });
// Retry-After is capped at backoff.capMs; the 429 cases need a cap that lets the 1 s through.
const forms429 = formsWithOutbox({ inlineBudgetMs: 250, backoff: { baseMs: 40, capMs: RETRY_AFTER_S * 1000 }, concurrency: 4 });

const cases = (['error', '429', 'timeout', 'reset'] as const).flatMap((mode) => (['before', 'after'] as const).map((phase) => ({ mode, phase })));

usePostgresCluster();

describe.concurrent.each(STORE_KINDS)('Gleantap failing in every way, then healing: no lead lost, none doubled (%s store)', (store) => {
  it.for(cases)('$mode, phase $phase', async ({ mode, phase }, { expect, onTestFinished }) => {
    const harness = await startHarness({ store, formsFile: mode === '429' ? forms429 : forms, env: SHORT_UPSTREAM_ENV });
    onTestFinished(() => harness.close());
    await harness.fault({ mode, phase, rate: 1, status: 503, retryAfter: RETRY_AFTER_S });

    const leads = Array.from({ length: LEADS }, (_, index) => lead(`${mode}-${phase}-${index}`));
    const answers = await Promise.all(
      leads.map(async (body) => {
        const response = await post(harness.proxy.url, body);
        return { status: response.status, body: await response.json() };
      }),
    );
    // Gleantap failing never reaches the visitor: every lead is stored and queued.
    for (const [index, answer] of answers.entries()) expect(answer).toEqual({ status: 202, body: { status: 'queued', id: leads[index]?.id } });

    // Let the fault be felt by retries too, then heal.
    await waitFor('every lead tried at least twice under the fault', async () => {
      const byId = callsById((await harness.calls()) as unknown as SandboxCall[]);
      return leads.every((body) => (byId.get(body.id)?.length ?? 0) >= 2);
    });
    const healed = await fetch(`${harness.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });
    expect(healed.status).toBe(200);

    await waitFor('every lead delivered', async () => (await harness.proxy.metrics()).delivered === LEADS);
    const contacts = contactsById(await harness.contacts());
    for (const body of leads) expect(contacts.get(body.id), body.id).toBe(1);
    expect([...contacts.values()].reduce((sum, count) => sum + count, 0)).toBe(LEADS);
    expect(await harness.proxy.metrics()).toMatchObject({ accepted: LEADS, delivered: LEADS, dead: 0, queueDepth: 0 });
    expect((await harness.proxy.metrics()).retried).toBeGreaterThanOrEqual(LEADS);

    if (mode === '429') {
      // Lower bound only: after a 429 with Retry-After, the same lead is not called again sooner.
      const byId = callsById((await harness.calls()) as unknown as SandboxCall[]);
      let checked = 0;
      for (const calls of byId.values()) {
        for (let index = 0; index + 1 < calls.length; index += 1) {
          const call = calls[index] as SandboxCall;
          if (call.status !== 429) continue;
          const gap = Date.parse((calls[index + 1] as SandboxCall).at) - Date.parse(call.at);
          expect(gap).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000);
          checked += 1;
        }
      }
      expect(checked).toBeGreaterThanOrEqual(LEADS);
    }
  });
});
