import { expect, it, onTestFinished } from 'vitest';
import { post, startHarness } from '../testing/harness.ts';
import { listOutbox, runOutbox } from '../testing/outbox-cli.ts';
import { contactsById, formsWithOutbox, lead } from '../testing/outbox-fixtures.ts';
import { describeStores } from '../testing/test-postgres.ts';
import { waitFor } from '../testing/wait-for.ts';

const FORMS = formsWithOutbox({ inlineBudgetMs: 1000, backoff: { baseMs: 20, capMs: 100 } });

describeStores('only a confirmed success is delivered', (store) => {
  it('a 200 {"status":"error","message":"Invalid app_id"} is dead/rejected with that message, and the visitor hears 202, not 201', async () => {
    const harness = await startHarness({ store, formsFile: FORMS });
    onTestFinished(() => harness.close());
    await harness.fault({ mode: 'refuse', message: 'Invalid app_id' });
    const body = lead('refused');
    const response = await post(harness.proxy.url, body);
    expect({ status: response.status, body: await response.json() }).toEqual({ status: 202, body: { status: 'queued', id: body.id } });

    const [row] = await waitFor('the lead dead', async () => {
      const rows = await listOutbox(harness);
      return rows[0]?.state === 'dead' ? rows : undefined;
    });
    expect(row).toMatchObject({ id: body.id, state: 'dead', deadReason: 'rejected', lastError: 'rejected', lastStatus: 200, lastMessage: 'Invalid app_id', gleantapId: null, attempts: 1 });
    expect(await harness.proxy.metrics()).toMatchObject({ delivered: 0, dead: 1, retried: 0 });

    const text = await runOutbox(harness, 'list');
    expect(text.stdout.split('\n')[1]).toMatch(/rejected 200: Invalid app_id$/);
    const exported = JSON.parse((await runOutbox(harness, 'export', '--format', 'json')).stdout) as Array<Record<string, unknown>>;
    expect(exported).toEqual([expect.objectContaining({ id: body.id, lastStatus: 200, lastMessage: 'Invalid app_id', gleantapId: null })]);
    const dead = harness.logs.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line['submissionId'] === body.id && line['level'] === 'warn');
    expect(dead).toMatchObject({ outcome: 'dead', deadReason: 'rejected', upstreamStatus: 200, upstreamMessage: 'Invalid app_id', attempt: 1 });
  });

  it('a 2xx whose body breaks off is unconfirmed and retried, then delivered once: one contact, with its Gleantap id listed', async () => {
    const harness = await startHarness({ store, formsFile: FORMS });
    onTestFinished(() => harness.close());
    // `after`: the sandbox stores the contact, then the answer's body is cut off mid-way.
    await harness.fault({ mode: 'garble', phase: 'after' });
    const body = lead('garbled');
    expect((await post(harness.proxy.url, body)).status).toBe(202);
    await waitFor('an unconfirmed attempt recorded', async () => (await listOutbox(harness)).some((row) => row.lastError === 'unconfirmed' && row.state !== 'delivered'));
    const [unconfirmed] = await listOutbox(harness);
    expect(unconfirmed).toMatchObject({ lastStatus: 200, deadReason: null });
    expect((await harness.proxy.metrics()).delivered).toBe(0);

    await fetch(`${harness.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });
    await waitFor('delivered', async () => (await harness.proxy.metrics()).delivered === 1);
    const contacts = await harness.contacts();
    expect(contactsById(contacts).get(body.id)).toBe(1);
    expect(contacts).toHaveLength(1);
    const [row] = await listOutbox(harness);
    expect(row).toMatchObject({ state: 'delivered', gleantapId: contacts[0]?.['_id'], lastError: null });
    expect(row?.attempts).toBeGreaterThanOrEqual(2);
  });
});
