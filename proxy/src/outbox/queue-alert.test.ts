import { expect, it, onTestFinished } from 'vitest';
import { post, startHarness } from '../testing/harness.ts';
import { formsWithOutbox, lead } from '../testing/outbox-fixtures.ts';
import { describeStores } from '../testing/test-postgres.ts';
import { waitFor } from '../testing/wait-for.ts';

const MINUTE = 60_000;

describeStores('outbox.alertAfter: a queue that stays old is an error line', (store) => {
  it('logs one error line past alertAfter, repeats it at most every 5 minutes, and one info line when it clears', async () => {
    let offset = 0;
    const harness = await startHarness({
      store,
      formsFile: formsWithOutbox({ inlineBudgetMs: 300, backoff: { baseMs: 20, capMs: 100 }, alertAfter: '15m' }),
      now: () => new Date(Date.now() + offset),
    });
    onTestFinished(() => harness.close());
    const parsed = () => harness.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    const alerts = () => parsed().filter((line) => line['level'] === 'error' && String(line['msg']).startsWith('outbox alert:'));
    const failures = () => parsed().filter((line) => line['msg'] === 'delivery attempt failed: will retry').length;
    /** Worker passes happened: more failed attempts were logged since `before`. */
    const passes = async (before: number) => waitFor('more worker passes', () => failures() >= before + 3);

    await harness.fault({ mode: 'error', status: 503 });
    const body = lead('stuck');
    expect((await post(harness.proxy.url, body)).status).toBe(202);
    await passes(0);
    expect(alerts()).toHaveLength(0); // young: no alert

    offset = 16 * MINUTE;
    await waitFor('the alert', () => alerts().length === 1);
    expect(alerts()[0]).toMatchObject({ waiting: 1, oldestForm: 'default', oldestSubmissionId: body.id, alertAfterMs: 15 * MINUTE });
    expect(alerts()[0]?.['oldestAgeMs']).toBeGreaterThan(15 * MINUTE);

    offset = 20 * MINUTE; // still within 5 minutes of the first line: no repeat
    await passes(failures());
    expect(alerts()).toHaveLength(1);

    offset = 22 * MINUTE;
    await waitFor('the repeat', () => alerts().length === 2);

    await fetch(`${harness.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });
    await waitFor('delivered', async () => (await harness.proxy.metrics()).delivered === 1);
    await waitFor('the all-clear', () => parsed().some((line) => line['level'] === 'info' && String(line['msg']).startsWith('outbox alert cleared')));
    expect(alerts()).toHaveLength(2);
    for (const value of Object.values(body.fields)) expect(harness.logs.join('\n')).not.toContain(value);
  });
});
