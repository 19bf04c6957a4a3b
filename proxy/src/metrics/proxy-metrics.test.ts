import { expect, it, onTestFinished } from 'vitest';
import { CANARY, DEFAULT_TEST_FORMS_FILE, post, startHarness } from '../testing/harness.ts';
import { listOutbox } from '../testing/outbox-cli.ts';
import { describeStores } from '../testing/test-postgres.ts';
import { waitFor } from '../testing/wait-for.ts';
import { parseExposition, scrape, sum } from './scrape.ts';

const fields = DEFAULT_TEST_FORMS_FILE.forms.default.fields;
const FORMS = {
  ...DEFAULT_TEST_FORMS_FILE,
  outbox: { inlineBudgetMs: 1_000, backoff: { baseMs: 20, capMs: 50 } },
  forms: { default: { fields }, tight: { fields, rateLimit: { perIp: { max: 1, windowSeconds: 600 } } } },
};
/** Values that must never reach a label: a visitor's data, the keys, a form id nobody configured. */
const PERSON = { first_name: 'Zebulon7c1', last_name: 'Quixote4e2', email: 'canary.9f3a@example.com', phone: '+14155550123' };
const UNKNOWN_FORM = 'nosuchformcanary';

const person = (tag: string) => ({ id: crypto.randomUUID(), fields: { ...PERSON, email: `${tag}.${PERSON.email}` } });

// On PostgreSQL the queue gauges and the rate-limit counts are read from the database.
describeStores('/metrics', (store) => {
  it('after a run with accepted, retried, dead, dropped and replayed leads, counts match the outbox and no label carries personal data, keys or unknown forms', async () => {
    const harness = await startHarness({ store, formsFile: FORMS, processMetrics: true });
    onTestFinished(() => harness.close());
    const url = harness.proxy.url;

    const first = person('first');
    expect((await post(url, first)).status).toBe(201);
    expect((await post(url, first)).status).toBe(201);

    await harness.fault({ mode: 'error', status: 503, endpoint: 'newContact' });
    const retried = person('retried');
    expect((await post(url, retried)).status).toBe(202);
    await waitFor('two failed calls', async () => (await harness.calls()).filter((call) => call['status'] === 503).length >= 2);
    await harness.fault({ mode: 'error', status: 400, endpoint: 'newContact', message: `no ${CANARY.apiKey}` });
    await waitFor('the retried lead dead', async () => (await listOutbox(harness, 'dead')).length === 1);
    await fetch(`${harness.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });
    const later = person('later');
    expect((await post(url, later)).status).toBe(201);
    expect((await post(url, { ...person('bot'), hp: 'http://spam.example' })).status).toBe(202);
    expect((await post(url, person('unknown'), { formId: UNKNOWN_FORM })).status).toBe(404);
    expect((await post(url, person('tight-1'), { formId: 'tight' })).status).toBe(201);
    expect((await post(url, person('tight-2'), { formId: 'tight' })).status).toBe(429);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/${UNKNOWN_FORM}/${PERSON.email}`)).status).toBe(404);

    const rows = await listOutbox(harness);
    const count = (state: string) => rows.filter((row) => row.state === state).length;
    expect([count('delivered'), count('dead'), count('dropped')]).toEqual([3, 1, 1]);
    const metricsUrl = harness.proxy.metricsUrl;
    if (metricsUrl === undefined) throw new Error('no metrics listener');
    const metrics = await scrape(metricsUrl);
    const submissions = (outcome: string) => sum(metrics, 'gleantap_capture_submissions_total', { outcome });
    expect(submissions('accepted')).toBe(rows.length - count('dropped'));
    expect(submissions('delivered')).toBe(count('delivered'));
    expect(submissions('dead')).toBe(count('dead'));
    expect(submissions('dropped')).toBe(count('dropped'));
    expect(submissions('replayed')).toBe(1);
    // Every call but the successes and the one that dead-lettered was a retry.
    const calls = rows.reduce((total, row) => total + row.attempts, 0);
    expect(submissions('retried')).toBe(calls - count('delivered') - count('dead'));
    expect(submissions('retried')).toBeGreaterThanOrEqual(2);
    expect(sum(metrics, 'gleantap_capture_submissions_total', { form: 'tight', outcome: 'accepted' })).toBe(1);
    expect(sum(metrics, 'gleantap_capture_inline_answers_total')).toBe(rows.length - count('dropped'));
    expect(sum(metrics, 'gleantap_capture_inline_answers_total', { status: '202' })).toBeGreaterThanOrEqual(1);
    for (const state of ['queued', 'sending', 'delivered', 'dead', 'dropped']) expect(sum(metrics, 'gleantap_capture_queue_leads', { state })).toBe(count(state));
    expect(sum(metrics, 'gleantap_capture_queue_oldest_age_seconds')).toBe(0);
    expect(sum(metrics, 'gleantap_capture_dead_letters_24h')).toBe(1);
    expect(sum(metrics, 'gleantap_capture_rate_limited_total', { limiter: 'ip', form: 'tight' })).toBe(1);
    expect(sum(metrics, 'gleantap_capture_http_requests_total', { route: '/v1/forms/:formId/submissions', method: 'POST', status: '429' })).toBe(1);
    // An unknown form matched the route (its template is the label); an unknown path matched none.
    expect(sum(metrics, 'gleantap_capture_http_requests_total', { route: '/v1/forms/:formId/submissions', method: 'POST', status: '404' })).toBe(1);
    expect(sum(metrics, 'gleantap_capture_http_requests_total', { route: 'unknown', method: 'GET', status: '404' })).toBe(1);
    expect(sum(metrics, 'gleantap_capture_http_requests_total', { route: '/healthz', method: 'GET', status: '200' })).toBe(1);
    expect(sum(metrics, 'gleantap_capture_gleantap_call_duration_seconds_count', { endpoint: 'newContact', outcome: 'success' })).toBe(count('delivered'));
    expect(sum(metrics, 'gleantap_capture_gleantap_call_duration_seconds_count', { endpoint: 'newContact', outcome: 'retryable' })).toBe(submissions('retried'));
    expect(sum(metrics, 'gleantap_capture_gleantap_call_duration_seconds_count', { endpoint: 'newContact', outcome: 'permanent' })).toBe(1);
    expect(sum(metrics, 'gleantap_capture_gleantap_keys_refused', { form: 'default' })).toBe(0);
    expect(sum(metrics, 'gleantap_capture_build_info')).toBe(1);
    expect(sum(metrics, 'gleantap_capture_process_cpu_seconds_total')).toBeGreaterThan(0);

    expect(
      Object.fromEntries(
        ['submissions_total', 'http_request_duration_seconds', 'queue_leads', 'gleantap_call_duration_seconds', 'build_info'].map((name) => [name, metrics.types.get(`gleantap_capture_${name}`)]),
      ),
    ).toEqual({
      submissions_total: 'counter',
      http_request_duration_seconds: 'histogram',
      queue_leads: 'gauge',
      gleantap_call_duration_seconds: 'histogram',
      build_info: 'gauge',
    });
    const forms = new Set(metrics.samples.flatMap((sample) => (sample.labels['form'] === undefined ? [] : [sample.labels['form']])));
    expect([...forms].sort()).toEqual(['default', 'tight']);
    const labelText = JSON.stringify(metrics.samples.map((sample) => sample.labels));
    for (const canary of [...Object.values(PERSON), 'canary.9f3a', '4155550123', CANARY.apiKey, CANARY.secretKey, CANARY.appId, UNKNOWN_FORM, first.id]) {
      expect(labelText).not.toContain(canary);
    }
  });

  it('counts a form whose keys Gleantap refuses until one of its leads is delivered again', async () => {
    const harness = await startHarness({ store, formsFile: FORMS });
    onTestFinished(() => harness.close());
    const metricsUrl = harness.proxy.metricsUrl as string;
    await harness.fault({ mode: 'error', status: 401, endpoint: 'newContact' });
    expect((await post(harness.proxy.url, person('refused'))).status).toBe(202);
    await waitFor('refused', async () => sum(await scrape(metricsUrl), 'gleantap_capture_gleantap_keys_refused', { form: 'default' }) === 1);
    expect(sum(await scrape(metricsUrl), 'gleantap_capture_gleantap_keys_refused', { form: 'tight' })).toBe(0);
    await fetch(`${harness.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });
    expect((await post(harness.proxy.url, person('fixed'))).status).toBe(201);
    expect(sum(await scrape(metricsUrl), 'gleantap_capture_gleantap_keys_refused', { form: 'default' })).toBe(0);
  });

  it('parses the exposition format it checks against', () => {
    const parsed = parseExposition('# TYPE a_total counter\na_total{x="1",y="q\\"r"} 2\nb 3.5\n');
    expect(parsed.samples).toEqual([
      { name: 'a_total', labels: { x: '1', y: 'q"r' }, value: 2 },
      { name: 'b', labels: {}, value: 3.5 },
    ]);
    expect(parsed.types.get('a_total')).toBe('counter');
  });
});
