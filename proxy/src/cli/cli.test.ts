import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../sandbox/start-sandbox.ts';
import { runCli, startCli } from '../testing/run-cli.ts';

const KEYS = { GLEANTAP_API_KEY: 'cli_key_canary_0a1b2c', GLEANTAP_SECRET_KEY: 'cli_secret_canary_3d4e5f', GLEANTAP_APP_ID: 'app-1' };

function writeForms(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'gc-cli-'));
  const path = join(dir, 'forms.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('gleantap-capture command line', () => {
  it('prints usage with --help and exits 0; an unknown command exits 2', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('check-config');
    const serveHelp = await runCli(['serve', '--help']);
    expect(serveHelp.code).toBe(0);
    expect(serveHelp.stdout).toContain('Usage: gleantap-capture serve');
    const unknown = await runCli(['launch']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "launch"');
  });

  it('refuses a bad configuration with exit 2, listing every problem and no secret', async () => {
    const path = writeForms({
      version: 1,
      forms: {
        trial: {
          allowedOrigins: ['https://ok.example', 'https://gym.example/path', '*'],
          fields: [{ name: 'first_name', required: true }, { name: 'tags', custom: true }, { name: 'nickname' }],
          account: { appId: 'a', apiKeyEnv: 'MY_KEY', secretKeyEnv: 'GLEANTAP_TRIAL_SECRET' },
        },
      },
    });
    for (const command of ['check-config', 'serve']) {
      const result = await runCli([command], { ...KEYS, CAPTURE_CONFIG: path, GLEANTAP_BASE_URL: 'http://api.example.com' });
      expect(result.code, command).toBe(2);
      const problems = result.stderr.split('\n').filter((line) => line.startsWith('  '));
      expect(problems.length, result.stderr).toBeGreaterThanOrEqual(6);
      expect(result.stderr).toMatch(/forms\.trial\.allowedOrigins\[1\]/);
      expect(result.stderr).toMatch(/forms\.trial\.allowedOrigins\[2\]/);
      expect(result.stderr).toMatch(/forms\.trial\.fields\[1\]/);
      expect(result.stderr).toMatch(/forms\.trial\.fields\[2\]/);
      expect(result.stderr).toMatch(/apiKeyEnv/);
      expect(result.stderr).toMatch(/GLEANTAP_BASE_URL/);
      expect(result.stderr).toMatch(/email or phone/);
      expect(result.stderr + result.stdout).not.toContain(KEYS.GLEANTAP_API_KEY);
      expect(result.stderr + result.stdout).not.toContain(KEYS.GLEANTAP_SECRET_KEY);
    }
  });

  it('names a missing key variable', async () => {
    const result = await runCli(['serve'], { GLEANTAP_APP_ID: 'app-1', ALLOWED_ORIGINS: 'https://a.example' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('GLEANTAP_API_KEY');
    expect(result.stderr).toContain('GLEANTAP_SECRET_KEY');
  });

  it('says in one line when the config file cannot be read', async () => {
    const result = await runCli(['serve'], { ...KEYS, CAPTURE_CONFIG: '/nonexistent/forms.json' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('/nonexistent/forms.json');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('says in one line when the port is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await runCli(['serve'], { ...KEYS, ALLOWED_ORIGINS: 'https://a.example', HOST: '127.0.0.1', PORT: String(port) });
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(`gleantap-capture serve: port ${port} on 127.0.0.1 is already in use (set PORT or HOST)`);
    } finally {
      blocker.close();
    }
  });

  it('serve answers on its port and stops with exit 0 on SIGTERM', async () => {
    const running = await startCli(['serve'], { ...KEYS, ALLOWED_ORIGINS: 'https://a.example', HOST: '127.0.0.1', PORT: '0', METRICS_PORT: '0' }, /proxy listening/);
    const url = /"url":"(http:\/\/[^"]+)"/.exec(running.output())?.[1];
    expect(url).toBeDefined();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    expect(running.output()).not.toContain(KEYS.GLEANTAP_API_KEY);
  });

  it('sandbox refuses to start without keys', async () => {
    const result = await runCli(['sandbox']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('GLEANTAP_API_KEY');
  });
});

describe('check-config --live', () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  beforeAll(async () => {
    sandbox = await startSandbox({ apiKey: KEYS.GLEANTAP_API_KEY, secretKey: KEYS.GLEANTAP_SECRET_KEY, host: '127.0.0.1', port: 0 });
  });
  afterAll(() => sandbox.close());

  it('reports keys that work with exit 0', async () => {
    const result = await runCli(['check-config', '--live'], { ...KEYS, ALLOWED_ORIGINS: 'https://a.example', GLEANTAP_BASE_URL: sandbox.url });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('keys work');
  });

  it('reports refused keys with exit 2, without printing them', async () => {
    const result = await runCli(['check-config', '--live'], { ...KEYS, GLEANTAP_SECRET_KEY: 'wrong_secret_value_99', ALLOWED_ORIGINS: 'https://a.example', GLEANTAP_BASE_URL: sandbox.url });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('refused');
    expect(result.stdout + result.stderr).not.toContain('wrong_secret_value_99');
  });
});
