import { describe, expect, it, onTestFinished } from 'vitest';
import { type CaptchaVerifierStandIn, startCaptchaVerifier, type VerifierMode } from '../testing/captcha-verifier.ts';
import { DEFAULT_TEST_FORMS_FILE, type Harness, post, SITE_ORIGIN, startHarness } from '../testing/harness.ts';
import { listOutbox } from '../testing/outbox-cli.ts';
import { waitFor } from '../testing/wait-for.ts';

const FIELDS = [
  { name: 'first_name', required: true },
  { name: 'last_name', required: true },
  { name: 'email', required: true },
];
const TURNSTILE = { provider: 'turnstile', siteKey: '0x4AAAAAAAtest', secretEnv: 'TURNSTILE_SECRET_KEY' } as const;

/** A proxy whose CAPTCHA verifications go to a stand-in siteverify on loopback. */
async function start(mode: VerifierMode = 'valid'): Promise<{ harness: Harness; verifier: CaptchaVerifierStandIn }> {
  const verifier = await startCaptchaVerifier({ mode });
  const harness = await startHarness({
    env: { CAPTCHA_VERIFY_BASE_URL: verifier.url, TURNSTILE_SECRET_KEY: verifier.secret },
    formsFile: {
      ...DEFAULT_TEST_FORMS_FILE,
      outbox: { inlineBudgetMs: 1000, backoff: { baseMs: 20, capMs: 50 } },
      forms: {
        default: { fields: FIELDS, bots: { captcha: TURNSTILE } },
        lenient: { fields: FIELDS, bots: { captcha: { ...TURNSTILE, failOpen: true } } },
      },
    },
  });
  onTestFinished(() => harness.close());
  return { harness, verifier };
}

const lead = (tag: string, captcha?: string) => ({
  id: crypto.randomUUID(),
  fields: { first_name: 'Ada', last_name: 'Lovelace', email: `${tag}@example.com` },
  ...(captcha === undefined ? {} : { captcha }),
});

async function expectRefused(harness: Harness, body: ReturnType<typeof lead>, formId = 'default'): Promise<void> {
  const before = await harness.calls();
  const response = await post(harness.proxy.url, body, { formId });
  expect(response.status).toBe(403);
  expect(await response.json()).toEqual({ error: { code: 'invalid_token', message: expect.any(String) } });
  expect((await listOutbox(harness.dataDir)).filter((row) => row.id === body.id)).toEqual([]);
  expect(await harness.calls()).toEqual(before);
}

describe('a form with a CAPTCHA', () => {
  it('puts the provider and site key in the definition, never the secret or its variable', async () => {
    const { harness, verifier } = await start();
    const text = await (await fetch(`${harness.proxy.url}/v1/forms/default`, { headers: { origin: SITE_ORIGIN } })).text();
    expect(JSON.parse(text)).toMatchObject({ captcha: { provider: 'turnstile', siteKey: TURNSTILE.siteKey } });
    expect(text).not.toContain('TURNSTILE_SECRET_KEY');
    expect(text).not.toContain(verifier.secret);
  });

  it('a valid response is verified once, with the secret and the visitor address, and the lead delivered', async () => {
    const { harness, verifier } = await start();
    const body = lead('valid', 'response-valid');
    const response = await post(harness.proxy.url, body);
    expect(response.status).toBe(201);
    expect(verifier.calls()).toEqual([expect.objectContaining({ provider: 'turnstile', secretMatches: true, response: 'response-valid', remoteip: '127.0.0.1' })]);
    expect((await harness.contacts()).map((contact) => contact['email'])).toEqual(['valid@example.com']);
    expect(harness.logs.join('\n')).not.toContain(verifier.secret);
  });

  it('a missing, invalid, duplicate or foreign-host response is refused, nothing stored', async () => {
    const { harness, verifier } = await start();
    await expectRefused(harness, lead('missing'));
    expect(verifier.calls()).toEqual([]);
    verifier.setMode('invalid');
    await expectRefused(harness, lead('invalid', 'response-invalid'));
    verifier.setMode('wrong-hostname');
    await expectRefused(harness, lead('elsewhere', 'response-elsewhere'));
    // A response solved once and sent again under another id: the provider calls it a duplicate.
    verifier.setMode('valid');
    expect((await post(harness.proxy.url, lead('first', 'response-once'))).status).toBe(201);
    const before = await harness.calls();
    const second = lead('second', 'response-once');
    const response = await post(harness.proxy.url, second);
    expect(response.status).toBe(403);
    expect((await listOutbox(harness.dataDir)).filter((row) => row.id === second.id)).toEqual([]);
    expect(await harness.calls()).toEqual(before);
    const line = harness.logs.find((text) => text.includes(second.id) && text.includes('submission refused: CAPTCHA'));
    expect(JSON.parse(line ?? '{}')).toMatchObject({ reason: 'duplicate', provider: 'turnstile' });
  });

  it('a provider that never answers is refused after the 3 s cap (failing closed), nothing stored', async () => {
    const { harness } = await start('hang');
    await expectRefused(harness, lead('hang', 'response-hang'));
  });

  it('a form with failOpen lets a lead through when the provider is down, with a warning', async () => {
    const { harness } = await start('error-500');
    const body = lead('open', 'response-open');
    expect((await post(harness.proxy.url, body, { formId: 'lenient' })).status).toBe(201);
    expect(harness.logs.some((text) => text.includes(body.id) && text.includes('"level":"warn"') && text.includes('failOpen'))).toBe(true);
    // The default form still fails closed.
    await expectRefused(harness, lead('closed', 'response-closed'));
  });

  it('neither a delivery retry nor a replay of the same id asks the provider again', async () => {
    const { harness, verifier } = await start();
    await harness.fault({ mode: 'error', status: 503, endpoint: 'newContact' });
    const body = lead('retry', 'response-retry');
    const first = await post(harness.proxy.url, body);
    expect(first.status).toBe(202);
    await fetch(`${harness.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });
    await waitFor('the worker delivers the lead', async () => (await listOutbox(harness.dataDir)).find((row) => row.id === body.id && row.state === 'delivered'));
    const replay = await post(harness.proxy.url, body);
    expect({ status: replay.status, body: await replay.json() }).toEqual({ status: 202, body: { status: 'queued', id: body.id } });
    expect(verifier.calls()).toHaveLength(1);
  });
});
