import { expect, it } from 'vitest';
import { startTestSandbox, TEST_KEYS } from '../sandbox/test-sandbox.ts';
import { startChildProxy, stopChildProxy } from '../testing/child-proxy.ts';
import { post } from '../testing/harness.ts';
import { listOutbox, storeEnv } from '../testing/outbox-cli.ts';
import { contactsById, formsWithOutbox, lead } from '../testing/outbox-fixtures.ts';
import { runCli } from '../testing/run-cli.ts';
import { describeStores, freshStoreLocation } from '../testing/test-postgres.ts';
import { waitFor } from '../testing/wait-for.ts';

describeStores('a permanent rejection (wrong keys)', (store) => {
  it('answers 202, keeps the lead dead/rejected for the owner, and delivers it after `outbox retry` once the keys are fixed', async () => {
    const sandbox = await startTestSandbox();
    const location = await freshStoreLocation(store);
    const forms = formsWithOutbox({ inlineBudgetMs: 1000 });
    const wrong = await startChildProxy({ ...location, sandboxUrl: sandbox.url, formsFile: forms, env: { GLEANTAP_SECRET_KEY: 'wrong-secret-canary-0c1d' } });
    const body = lead('rejected');
    const response = await post(wrong.url, body);
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: 'queued', id: body.id });

    const [dead] = await waitFor('the lead listed as dead', async () => {
      const rows = await listOutbox(location, 'dead');
      return rows.length > 0 ? rows : undefined;
    });
    expect(dead).toMatchObject({ id: body.id, form: 'default', state: 'dead', deadReason: 'rejected', lastError: 'unauthorized', attempts: 1 });
    // One warn line per dead letter, naming the lead by id only.
    await waitFor('the dead-letter log line', () => wrong.output().includes('lead dead-lettered'));
    const line =
      wrong
        .output()
        .split('\n')
        .find((text) => text.includes('lead dead-lettered')) ?? '';
    expect(JSON.parse(line)).toMatchObject({ level: 'warn', submissionId: body.id, deadReason: 'rejected', lastError: 'unauthorized', upstreamStatus: 401 });
    for (const personal of [body.fields['email'], body.fields['first_name'], 'wrong-secret-canary-0c1d']) expect(wrong.output()).not.toContain(personal);
    expect(await stopChildProxy(wrong)).toBe(0);

    // The owner fixes the keys and restarts; the lead stays dead until they retry it.
    const fixed = await startChildProxy({ ...location, sandboxUrl: sandbox.url, formsFile: forms, env: { GLEANTAP_SECRET_KEY: TEST_KEYS.secretKey } });
    expect((await post(fixed.url, body)).status).toBe(202);
    expect(await sandbox.contacts()).toEqual([]);
    const retried = await runCli(['outbox', 'retry', body.id], storeEnv(location));
    expect(retried.code, retried.stderr).toBe(0);
    expect(retried.stdout).toContain(`requeued ${body.id}`);
    await waitFor('the retried lead in Gleantap', async () => contactsById(await sandbox.contacts()).get(body.id) === 1);
    await waitFor('the lead listed as delivered', async () => (await listOutbox(location, 'delivered')).some((row) => row.id === body.id));
    expect(await listOutbox(location, 'dead')).toEqual([]);
    expect(await stopChildProxy(fixed)).toBe(0);
  });
});
