import { expect, it } from 'vitest';
import { startTestSandbox } from '../sandbox/test-sandbox.ts';
import { startChildProxy, stopChildProxy } from '../testing/child-proxy.ts';
import { post } from '../testing/harness.ts';
import { formsWithOutbox, lead } from '../testing/outbox-fixtures.ts';
import { describeStores, freshStoreLocation } from '../testing/test-postgres.ts';
import { waitFor } from '../testing/wait-for.ts';

const FORMS = formsWithOutbox({ inlineBudgetMs: 300, backoff: { baseMs: 50, capMs: 200 } });

/** The JSON log lines a child wrote about one submission. */
function linesAbout(output: string, submissionId: string): Array<Record<string, unknown>> {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line['submissionId'] === submissionId);
}

describeStores('failures are heard: a serve process during a Gleantap outage', (store) => {
  it('writes one warn line per failed attempt, and one info line when the lead is delivered after all', async () => {
    const sandbox = await startTestSandbox();
    const proxy = await startChildProxy({ ...(await freshStoreLocation(store)), sandboxUrl: sandbox.url, formsFile: FORMS });
    await sandbox.fault({ mode: 'error', status: 503, endpoint: 'newContact' });
    const body = lead('outage');
    expect((await post(proxy.url, body)).status).toBe(202);

    await waitFor('three failed attempts logged', () => linesAbout(proxy.output(), body.id).filter((line) => line['level'] === 'warn').length >= 3);
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
    await waitFor('the delivery logged', () => linesAbout(proxy.output(), body.id).some((line) => line['msg'] === 'lead delivered after retries'));
    expect(await stopChildProxy(proxy)).toBe(0);

    const lines = linesAbout(proxy.output(), body.id);
    const warns = lines.filter((line) => line['level'] === 'warn');
    const calls = (await sandbox.calls()).filter((call) => call.endpoint === 'newContact');
    // One warn line per failed call, numbered 1, 2, 3 …, each naming what happened and what comes next.
    expect(warns).toHaveLength(calls.filter((call) => call.status === 503).length);
    expect(warns.map((line) => line['attempt'])).toEqual(warns.map((_line, index) => index + 1));
    for (const warn of warns) {
      expect(warn).toMatchObject({
        form: 'default',
        submissionId: body.id,
        outcome: 'retryable',
        reason: 'http_5xx',
        upstreamStatus: 503,
        nextAttemptAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
        msg: 'delivery attempt failed: will retry',
      });
    }
    const delivered = lines.filter((line) => line['msg'] === 'lead delivered after retries');
    expect(delivered).toEqual([expect.objectContaining({ level: 'info', form: 'default', attempts: warns.length + 1 })]);
    // Never the visitor's data.
    for (const value of Object.values(body.fields)) expect(proxy.output()).not.toContain(value);
  });
});
