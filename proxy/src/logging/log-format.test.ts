import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startTestSandbox, TEST_KEYS } from '../sandbox/test-sandbox.ts';
import { startChildProxy, stopChildProxy, writeFormsFile } from '../testing/child-proxy.ts';
import { DEFAULT_TEST_FORMS_FILE, SITE_ORIGIN, tempDataDir } from '../testing/harness.ts';
import { runCli, startCli } from '../testing/run-cli.ts';
import { chooseLogFormat } from './log-format.ts';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DIST_INDEX = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

function serveEnv(sandboxUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    GLEANTAP_API_KEY: TEST_KEYS.apiKey,
    GLEANTAP_SECRET_KEY: TEST_KEYS.secretKey,
    GLEANTAP_APP_ID: 'app-child',
    GLEANTAP_BASE_URL: sandboxUrl,
    ALLOWED_ORIGINS: SITE_ORIGIN,
    CAPTURE_CONFIG: writeFormsFile(DEFAULT_TEST_FORMS_FILE),
    DATA_DIR: tempDataDir(),
    HOST: '127.0.0.1',
    PORT: '0',
    ...extra,
  };
}

describe('log format', () => {
  it('is pretty for a terminal and JSON otherwise, unless LOG_FORMAT says', () => {
    expect(chooseLogFormat(undefined, true)).toBe('pretty');
    expect(chooseLogFormat(undefined, false)).toBe('json');
    expect(chooseLogFormat('json', true)).toBe('json');
    expect(chooseLogFormat('pretty', false)).toBe('pretty');
  });

  it('serve writes one JSON object per line with ISO time and level names when stdout is a pipe', async () => {
    const sandbox = await startTestSandbox();
    onTestFinished(() => sandbox.close());
    const proxy = await startChildProxy({ dataDir: tempDataDir(), sandboxUrl: sandbox.url });
    expect(await stopChildProxy(proxy)).toBe(0);
    const lines = proxy
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const listening = lines.find((line) => line['msg'] === 'proxy listening');
    expect(listening).toMatchObject({ level: 'info' });
    expect(String(listening?.['time'])).toMatch(ISO_TIME);
    expect(lines.every((line) => typeof line['level'] === 'string' && ISO_TIME.test(String(line['time'])))).toBe(true);
  });

  it('LOG_FORMAT=pretty writes pino-pretty lines, with keys still scrubbed', async () => {
    const sandbox = await startTestSandbox();
    onTestFinished(() => sandbox.close());
    const running = await startCli(['serve'], serveEnv(sandbox.url, { LOG_FORMAT: 'pretty' }), /proxy listening/);
    onTestFinished(() => {
      if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
    });
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    const output = running.output();
    expect(output).toMatch(/^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}Z\] INFO: proxy listening$/m);
    expect(output.split('\n').filter((line) => line.startsWith('{'))).toEqual([]);
    for (const key of [TEST_KEYS.apiKey, TEST_KEYS.secretKey]) expect(output).not.toContain(key);
  });

  it('refuses an unknown LOG_FORMAT as a config problem', async () => {
    const result = await runCli(['check-config'], { ...serveEnv('https://api.gleantap.com'), LOG_FORMAT: 'yaml' });
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).toContain('LOG_FORMAT');
  });

  it('never loads pino-pretty for JSON logs', () => {
    const probe = (format: string): boolean => {
      const script = `import { createRequire } from 'node:module';
        const { createLogger } = await import(${JSON.stringify(DIST_INDEX)});
        createLogger({ level: 'info', secrets: [], format: ${JSON.stringify(format)} }).info('probe');
        const loaded = Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes('pino-pretty'));
        process.stderr.write(String(loaded));`;
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(run.stderr);
      return run.stderr === 'true';
    };
    expect(probe('json')).toBe(false);
    expect(probe('pretty')).toBe(true);
  });
});
