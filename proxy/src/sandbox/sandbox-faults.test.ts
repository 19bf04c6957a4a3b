import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startTestSandbox, TEST_KEYS, type TestSandbox } from './test-sandbox.ts';

const body = { app_id: 'app-1', first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' };

/** Posts with fetch and reports how the exchange ended, as a client would experience it. */
async function attempt(sandbox: TestSandbox, endpoint = 'newContact', timeoutMs = 5_000): Promise<{ status: number; json: unknown; retryAfter: string | null } | { failed: string }> {
  try {
    const response = await fetch(`${sandbox.url}/v2/ExternalApi/${endpoint}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': TEST_KEYS.apiKey, 'x-secret-key': TEST_KEYS.secretKey },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, json: await response.json(), retryAfter: response.headers.get('retry-after') };
  } catch (error) {
    return { failed: (error as Error).name };
  }
}

/** Polls until `check` holds; used to observe an exchange that is still in flight. */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Resolves once the sandbox has logged `count` calls (it logs on arrival, before answering). */
function untilCalls(sandbox: TestSandbox, count: number): Promise<void> {
  return until(async () => (await sandbox.calls()).length >= count);
}

describe('sandbox faults, phase before', () => {
  it('error answers the configured status in the vendor error shape and stores nothing', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.fault({ mode: 'error', status: 503 });
    expect(await attempt(sandbox)).toEqual({ status: 503, json: { status: 'error', message: expect.any(String) }, retryAfter: null });
    expect(await sandbox.contacts()).toEqual([]);
    expect(await sandbox.calls()).toEqual([expect.objectContaining({ endpoint: 'newContact', status: 503, body })]);
  });

  it('error defaults to 500', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.fault({ mode: 'error' });
    expect(await attempt(sandbox)).toMatchObject({ status: 500 });
  });

  it('429 answers with Retry-After', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.fault({ mode: '429', retryAfter: 7 });
    expect(await attempt(sandbox)).toMatchObject({ status: 429, retryAfter: '7' });
    expect(await sandbox.contacts()).toEqual([]);
  });

  it('timeout never answers; the client gives up and the call is logged unanswered', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.fault({ mode: 'timeout' });
    expect(await attempt(sandbox, 'newContact', 300)).toEqual({ failed: 'TimeoutError' });
    expect(await sandbox.contacts()).toEqual([]);
    expect(await sandbox.calls()).toEqual([expect.objectContaining({ endpoint: 'newContact', status: null })]);
  });

  it('reset drops the connection without an answer', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.fault({ mode: 'reset' });
    expect(await attempt(sandbox)).toEqual({ failed: 'TypeError' }); // fetch's "fetch failed"
    expect(await sandbox.contacts()).toEqual([]);
    expect(await sandbox.calls()).toEqual([expect.objectContaining({ status: null })]);
  });

  it('slow holds the request for delayMs before handling it, then answers normally', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.fault({ mode: 'slow', delayMs: 1_500 });
    const pending = attempt(sandbox);
    await untilCalls(sandbox, 1);
    expect(await sandbox.contacts()).toEqual([]); // arrived, but still being held
    expect(await pending).toMatchObject({ status: 200, json: { status: 'success' } });
    expect(await sandbox.contacts()).toHaveLength(1);
  });
});

describe('sandbox faults, phase after (the ambiguous case)', () => {
  it('error stores the contact, then answers the error', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.fault({ mode: 'error', phase: 'after', status: 502 });
    expect(await attempt(sandbox)).toMatchObject({ status: 502 });
    expect(await sandbox.contacts()).toEqual([expect.objectContaining(body)]);
  });

  it('429 stores the contact, then answers 429', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.fault({ mode: '429', phase: 'after' });
    expect(await attempt(sandbox)).toMatchObject({ status: 429, retryAfter: '1' });
    expect(await sandbox.contacts()).toHaveLength(1);
  });

  it('timeout stores the contact, then never answers', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.fault({ mode: 'timeout', phase: 'after' });
    expect(await attempt(sandbox, 'newContact', 300)).toEqual({ failed: 'TimeoutError' });
    expect(await sandbox.contacts()).toHaveLength(1);
  });

  it('reset stores the contact, then drops the connection', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.fault({ mode: 'reset', phase: 'after' });
    expect(await attempt(sandbox)).toEqual({ failed: 'TypeError' });
    expect(await sandbox.contacts()).toHaveLength(1);
  });

  it('slow stores the contact first, then delays the answer', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.fault({ mode: 'slow', phase: 'after', delayMs: 1_500 });
    const pending = attempt(sandbox);
    await untilCalls(sandbox, 1);
    await until(async () => (await sandbox.contacts()).length === 1);
    expect((await sandbox.calls())[0]?.status).toBeNull(); // stored, not yet answered
    expect(await pending).toMatchObject({ status: 200 });
  });

  it('a retry after an ambiguous failure updates the stored contact instead of duplicating it', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.fault({ mode: 'error', phase: 'after' });
    await attempt(sandbox);
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
    expect(await attempt(sandbox)).toMatchObject({ status: 200 });
    expect(await sandbox.contacts()).toHaveLength(1);
  });

  it('does not turn a refusal into a fault: wrong keys still answer 401', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.fault({ mode: 'error', phase: 'after' });
    expect(await sandbox.vendor('newContact', body, { 'x-api-key': 'wrong' })).toMatchObject({ status: 401 });
  });
});

describe('sandbox fault control', () => {
  it('DELETE /_sandbox/faults heals', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.fault({ mode: 'error' });
    expect(await attempt(sandbox)).toMatchObject({ status: 500 });
    expect((await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' })).status).toBe(200);
    expect(await attempt(sandbox)).toMatchObject({ status: 200, json: { status: 'success' } });
  });

  it('an endpoint-specific fault leaves other endpoints alone; "*" hits every endpoint', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.fault({ mode: 'error', endpoint: 'optin' });
    expect(await attempt(sandbox, 'newContact')).toMatchObject({ status: 200 });
    await sandbox.fault({ mode: 'error', endpoint: '*', status: 504 });
    expect(await attempt(sandbox, 'newContact')).toMatchObject({ status: 504 });
    expect(await attempt(sandbox, 'getCustomers')).toMatchObject({ status: 504 });
    expect(await attempt(sandbox, 'optin')).toMatchObject({ status: 500 }); // its own fault wins over "*"
  });

  it('a new fault for an endpoint replaces the previous one', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.fault({ mode: 'error', endpoint: 'newContact' });
    await sandbox.fault({ mode: '429', endpoint: 'newContact' });
    expect(await attempt(sandbox)).toMatchObject({ status: 429 });
    expect(await (await fetch(`${sandbox.url}/_sandbox/faults`)).json()).toHaveLength(1);
  });

  it('rate is the chance a request is hit, drawn from the injected random()', async () => {
    const draws = [0.2, 0.8, 0.49];
    const sandbox = await startTestSandbox({ random: () => draws.shift() ?? 0 });
    await sandbox.fault({ mode: 'error', rate: 0.5 });
    expect(await attempt(sandbox)).toMatchObject({ status: 500 });
    expect(await attempt(sandbox)).toMatchObject({ status: 200 });
    expect(await attempt(sandbox)).toMatchObject({ status: 500 });
  });

  it('refuses an invalid fault with 400 and keeps the previous faults', async () => {
    const sandbox = await startTestSandbox();
    for (const spec of [{ mode: 'explode' }, { mode: 'error', status: 200 }, { mode: 'error', rate: 2 }, { mode: 'error', phaze: 'after' }]) {
      const response = await fetch(`${sandbox.url}/_sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(spec),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ status: 'error', message: expect.any(String) });
    }
    expect(await attempt(sandbox)).toMatchObject({ status: 200 });
  });

  it('close() ends a connection held by a timeout fault', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.fault({ mode: 'timeout' });
    // A client with no timeout at all: only the sandbox closing can end this exchange.
    const ended = new Promise<string>((resolve) => {
      const req = request(
        `${sandbox.url}/v2/ExternalApi/newContact`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': TEST_KEYS.apiKey, 'x-secret-key': TEST_KEYS.secretKey },
        },
        () => resolve('answered'),
      );
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      req.end(JSON.stringify(body));
    });
    await untilCalls(sandbox, 1);
    await sandbox.close();
    expect(await ended).toBe('ECONNRESET');
  });
});
