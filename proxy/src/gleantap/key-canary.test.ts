import { describe, expect, it, onTestFinished } from 'vitest';
import { startTestSandbox, TEST_KEYS } from '../sandbox/test-sandbox.ts';
import { createGleantapClient } from './client.ts';
import type { DeliveryOutcome } from './delivery-outcome.ts';

const contact = { app_id: 'app-1', first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' };
const wrongKeys = { apiKey: 'wrong-api-CANARY-55d1', secretKey: 'wrong-secret-CANARY-a0e9' };
const secrets = [TEST_KEYS.apiKey, TEST_KEYS.secretKey, wrongKeys.apiKey, wrongKeys.secretKey];

describe('keys never leak', () => {
  it('appear in no outcome and nowhere in /_sandbox/calls, whatever happened to the call', async () => {
    const sandbox = await startTestSandbox();
    const gleantap = createGleantapClient({ baseUrl: sandbox.url, connectTimeoutMs: 2_000, headersTimeoutMs: 300, totalTimeoutMs: 2_000 });
    onTestFinished(() => gleantap.close());
    const outcomes: DeliveryOutcome[] = [];
    outcomes.push(await gleantap.newContact(contact, TEST_KEYS));
    outcomes.push(await gleantap.newContact(contact, wrongKeys));
    outcomes.push(await gleantap.probe('app-1', wrongKeys));
    for (const mode of ['error', '429', 'reset', 'timeout'] as const) {
      await sandbox.fault({ mode });
      outcomes.push(await gleantap.newContact(contact, TEST_KEYS));
    }
    // The canary would be pointless if these calls had not covered success and failure alike.
    expect(outcomes.map((outcome) => (outcome.ok ? 'ok' : outcome.reason))).toEqual(['ok', 'unauthorized', 'unauthorized', 'http_5xx', 'http_429', 'connection_reset', 'timeout']);
    const calls = await (await fetch(`${sandbox.url}/_sandbox/calls`)).text();
    expect(JSON.parse(calls)).toHaveLength(7);
    for (const secret of secrets) {
      expect(JSON.stringify(outcomes)).not.toContain(secret);
      expect(calls).not.toContain(secret);
    }
  });
});
