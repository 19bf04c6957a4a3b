import { describe, expect, it } from 'vitest';
import { startTestSandbox, TEST_KEYS } from './test-sandbox.ts';

const body = { app_id: 'app-1', first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' };
const unauthorized = { status: 401, json: { status: 'error', message: 'Invalid API credentials' } };

describe('sandbox key check', () => {
  it.each([
    ['a wrong secret key', { 'x-secret-key': 'not-the-secret' }],
    ['a wrong API key', { 'x-api-key': 'not-the-key' }],
    ['swapped keys', { 'x-api-key': TEST_KEYS.secretKey, 'x-secret-key': TEST_KEYS.apiKey }],
  ])('answers 401 to %s and stores nothing', async (_name, headers) => {
    const sandbox = await startTestSandbox();
    expect(await sandbox.vendor('newContact', body, headers)).toMatchObject(unauthorized);
    expect(await sandbox.contacts()).toEqual([]);
  });

  it('answers 401 when the key headers are missing, on every endpoint', async () => {
    const sandbox = await startTestSandbox();
    for (const endpoint of ['newContact', 'optin', 'getCustomers']) {
      const response = await fetch(`${sandbox.url}/v2/ExternalApi/${endpoint}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual(unauthorized.json);
    }
  });

  it('logs the refused call with the key headers redacted', async () => {
    const sandbox = await startTestSandbox({ now: () => new Date('2025-02-03T04:05:06Z') });
    await sandbox.vendor('newContact', body, { 'x-api-key': 'wrong-api-key-value', 'x-secret-key': 'wrong-secret-value' });
    const calls = await sandbox.calls();
    expect(calls).toEqual([
      expect.objectContaining({
        endpoint: 'newContact',
        at: '2025-02-03T04:05:06.000Z',
        status: 401,
        body,
        headers: expect.objectContaining({ 'x-api-key': '[redacted]', 'x-secret-key': '[redacted]', 'content-type': 'application/json' }),
      }),
    ]);
    const raw = await (await fetch(`${sandbox.url}/_sandbox/calls`)).text();
    expect(raw).not.toContain('wrong-api-key-value');
    expect(raw).not.toContain('wrong-secret-value');
  });

  it('logs every call in arrival order, successful ones with their status', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.vendor('newContact', body);
    await sandbox.vendor('optin', { app_id: 'app-1', phone: '+15551234567', email: 'ada@example.com', user_id: 'u1' });
    await sandbox.vendor('getCustomers', { app_id: 'app-1' });
    const calls = await sandbox.calls();
    expect(calls.map((call) => [call.endpoint, call.status])).toEqual([
      ['newContact', 200],
      ['optin', 200],
      ['getCustomers', 200],
    ]);
    expect(JSON.stringify(calls)).not.toContain(TEST_KEYS.apiKey);
    expect(JSON.stringify(calls)).not.toContain(TEST_KEYS.secretKey);
  });
});
