import { onTestFinished } from 'vitest';
import type { RecordedCall } from './call-log.ts';
import type { SandboxContact } from './contact-store.ts';
import type { SandboxAppOptions } from './create-sandbox-app.ts';
import { type RunningSandbox, startSandbox } from './start-sandbox.ts';

/** Keys the test sandboxes accept; distinctive so a leak is easy to search for. */
export const TEST_KEYS = { apiKey: 'sbx-api-KEY-canary-7f3a0c', secretKey: 'sbx-secret-KEY-canary-91bc4e' } as const;

/** A sandbox for one test, plus small helpers that speak to it the way a client would. */
export interface TestSandbox extends RunningSandbox {
  /** POSTs JSON to `/v2/ExternalApi/<endpoint>` with the test keys unless `headers` say otherwise. */
  vendor(endpoint: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; json: unknown; headers: Headers }>;
  contacts(): Promise<SandboxContact[]>;
  calls(): Promise<RecordedCall[]>;
  /** Sets a fault and fails the test if the sandbox refused it. */
  fault(spec: Record<string, unknown>): Promise<void>;
}

/**
 * Starts a sandbox on an ephemeral loopback port, closed automatically when the calling test
 * ends. Only for tests: it registers with vitest.
 */
export async function startTestSandbox(options: Partial<SandboxAppOptions> = {}): Promise<TestSandbox> {
  const sandbox = await startSandbox({ ...TEST_KEYS, ...options, host: '127.0.0.1', port: 0 });
  onTestFinished(() => sandbox.close());
  const getJson = async <T>(path: string): Promise<T> => (await (await fetch(`${sandbox.url}${path}`)).json()) as T;
  return {
    ...sandbox,
    close: () => sandbox.close(),
    async vendor(endpoint, body, headers) {
      const response = await fetch(`${sandbox.url}/v2/ExternalApi/${endpoint}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': TEST_KEYS.apiKey, 'x-secret-key': TEST_KEYS.secretKey, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, json: text === '' ? undefined : JSON.parse(text), headers: response.headers };
    },
    contacts: () => getJson<SandboxContact[]>('/_sandbox/contacts'),
    calls: () => getJson<RecordedCall[]>('/_sandbox/calls'),
    async fault(spec) {
      const response = await fetch(`${sandbox.url}/_sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(spec),
      });
      if (response.status !== 200) throw new Error(`sandbox refused fault ${JSON.stringify(spec)}: ${await response.text()}`);
    },
  };
}
