import { expect, it, onTestFinished } from 'vitest';
import { startTestSandbox } from '../sandbox/test-sandbox.ts';
import { startChildProxy, stopChildProxy } from '../testing/child-proxy.ts';
import { post, startHarness } from '../testing/harness.ts';
import { listOutbox } from '../testing/outbox-cli.ts';
import { callsById, contactsById, formsWithOutbox, lead, type SandboxCall } from '../testing/outbox-fixtures.ts';
import { describeStores, freshStoreLocation } from '../testing/test-postgres.ts';
import { waitFor } from '../testing/wait-for.ts';

async function send(url: string, body: unknown): Promise<{ status: number; body: unknown; retryAfter: string | null }> {
  const response = await post(url, body);
  return { status: response.status, body: await response.json(), retryAfter: response.headers.get('retry-after') };
}

describeStores('idempotency by (form, id)', (store) => {
  it('ten replays make one row, one delivery and one answer; context and token do not count', async () => {
    const harness = await startHarness({ store });
    onTestFinished(() => harness.close());
    const body = lead('replay');
    const first = await send(harness.proxy.url, body);
    expect(first).toMatchObject({ status: 201, body: { status: 'created', id: body.id } });
    for (let index = 0; index < 10; index += 1) {
      // Same intent, retried by a browser: a different page context or token is not a new submission.
      const replay = await send(harness.proxy.url, { ...body, context: { page_url: `https://www.example-gym.com/${index}` }, token: `t${index}` });
      expect(replay).toEqual(first);
    }
    expect((await listOutbox(harness)).filter((row) => row.id === body.id)).toEqual([expect.objectContaining({ state: 'delivered' })]);
    expect(callsById((await harness.calls()) as unknown as SandboxCall[]).get(body.id)).toHaveLength(1);
  });

  it('the same id with different fields or consent is 422 idempotency_conflict; normalisation is not a difference', async () => {
    const harness = await startHarness({ store });
    onTestFinished(() => harness.close());
    const body = lead('conflict');
    expect((await send(harness.proxy.url, body)).status).toBe(201);
    const changed = await send(harness.proxy.url, { ...body, fields: { ...body.fields, last_name: 'Byron' } });
    expect(changed).toEqual({ status: 422, body: { error: { code: 'idempotency_conflict', message: expect.any(String) } }, retryAfter: null });
    // Upper-case email and padding normalise to the same values: the same intent.
    const padded = await send(harness.proxy.url, { ...body, fields: { ...body.fields, email: ` ${body.fields['email']?.toUpperCase()} ` } });
    expect(padded).toMatchObject({ status: 201, body: { status: 'created', id: body.id } });
    // Field errors come before idempotency in the check order.
    const invalid = await send(harness.proxy.url, { ...body, fields: { ...body.fields, email: 'not-an-email' } });
    expect(invalid.status).toBe(400);
    expect(contactsById(await harness.contacts()).get(body.id)).toBe(1);
  });

  it('concurrent requests with one id: one delivery, the rest 409 with Retry-After: 1, then the first answer', async () => {
    const harness = await startHarness({ store, formsFile: formsWithOutbox({ inlineBudgetMs: 3000 }) });
    onTestFinished(() => harness.close());
    await harness.fault({ mode: 'slow', delayMs: 600, endpoint: 'newContact' });
    const body = lead('concurrent');
    const burst = await Promise.all(Array.from({ length: 8 }, () => send(harness.proxy.url, body)));
    const winners = burst.filter((answer) => answer.status === 201);
    const waiting = burst.filter((answer) => answer.status === 409);
    expect(winners).toHaveLength(1);
    expect(winners.length + waiting.length).toBe(burst.length);
    for (const answer of waiting) {
      expect(answer).toEqual({ status: 409, body: { error: { code: 'idempotency_in_progress', message: expect.any(String) } }, retryAfter: '1' });
    }
    expect(await send(harness.proxy.url, body)).toEqual(winners[0]);
    expect(callsById((await harness.calls()) as unknown as SandboxCall[]).get(body.id)).toHaveLength(1);
    expect(contactsById(await harness.contacts()).get(body.id)).toBe(1);
  });

  it('a replay after the proxy restarts still gets the first answer', async () => {
    const sandbox = await startTestSandbox();
    const location = await freshStoreLocation(store);
    const forms = formsWithOutbox({ inlineBudgetMs: 200, backoff: { baseMs: 50, capMs: 100 } });
    const first = await startChildProxy({ ...location, sandboxUrl: sandbox.url, formsFile: forms });
    const created = lead('restart-created');
    const queued = lead('restart-queued');
    const createdAnswer = await send(first.url, created);
    expect(createdAnswer.status).toBe(201);
    // Gleantap down for the second one: it is stored and answered 202, and stays queued.
    await sandbox.fault({ mode: 'error', status: 503 });
    const queuedAnswer = await send(first.url, queued);
    expect(queuedAnswer.status).toBe(202);
    expect(await stopChildProxy(first)).toBe(0);

    const second = await startChildProxy({ ...location, sandboxUrl: sandbox.url, formsFile: forms });
    expect(await send(second.url, created)).toEqual(createdAnswer);
    expect(await send(second.url, queued)).toEqual(queuedAnswer);
    expect((await send(second.url, { ...created, fields: { ...created.fields, last_name: 'Other' } })).status).toBe(422);
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
    await waitFor('the queued lead delivered after the restart', async () => contactsById(await sandbox.contacts()).get(queued.id) === 1);
    // Delivered or not, the answer a replay gets is the one first given.
    expect(await send(second.url, queued)).toEqual(queuedAnswer);
    expect(callsById((await sandbox.calls()) as unknown as SandboxCall[]).get(created.id)).toHaveLength(1);
    expect(await stopChildProxy(second)).toBe(0);
  });
});
