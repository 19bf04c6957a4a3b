import { describe, expect, it } from 'vitest';
import { startTestSandbox, TEST_KEYS } from '../../sandbox/test-sandbox.ts';
import { runCli } from '../../testing/run-cli.ts';

const env = (baseUrl: string): Record<string, string> => ({
  GLEANTAP_API_KEY: TEST_KEYS.apiKey,
  GLEANTAP_SECRET_KEY: TEST_KEYS.secretKey,
  GLEANTAP_APP_ID: 'app-live',
  GLEANTAP_BASE_URL: baseUrl,
  ALLOWED_ORIGINS: 'https://a.example',
});

describe('check-config --live: the same rule as delivery', () => {
  it('a 200 {"status":"error"} answer is a refusal: exit 2 with Gleantap\'s message, and no "Configuration OK"', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.fault({ mode: 'refuse', endpoint: 'getCustomers', message: 'Invalid app_id' });
    const result = await runCli(['check-config', '--live'], env(sandbox.url));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Gleantap refused the keys or app id (rejected 200): Invalid app_id');
    expect(result.stdout).not.toContain('Configuration OK');
    expect(result.stdout).not.toContain('keys work');
    expect(result.stdout + result.stderr).not.toContain(TEST_KEYS.secretKey);
  });

  it('a 200 whose body breaks off confirms nothing: exit 1, no "Configuration OK"', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.fault({ mode: 'garble', endpoint: 'getCustomers' });
    const result = await runCli(['check-config', '--live'], env(sandbox.url));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Gleantap answered without confirming success (unconfirmed 200)');
    expect(result.stdout).not.toContain('Configuration OK');
  });

  it('prints "Configuration OK" only after every live check passed', async () => {
    const sandbox = await startTestSandbox();
    const result = await runCli(['check-config', '--live'], env(sandbox.url));
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    const keys = lines.findIndex((line) => line.includes('keys work'));
    const ok = lines.findIndex((line) => line.startsWith('Configuration OK'));
    expect(keys).toBeGreaterThanOrEqual(0);
    expect(ok).toBeGreaterThan(keys);
  });
});
