import { createServer } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { freePort } from '../deploy/front-proxy.ts';
import { startTestSandbox, TEST_KEYS } from '../sandbox/test-sandbox.ts';
import { startChildProxy, stopChildProxy } from '../testing/child-proxy.ts';
import { startHarness, tempDataDir } from '../testing/harness.ts';
import { runCli } from '../testing/run-cli.ts';
import { bearerMatches } from './metrics-server.ts';
import { parseExposition, sum } from './scrape.ts';

const TOKEN = 'metrics-TOKEN-canary-3b7e91';

describe('the metrics listener', () => {
  it('asks for METRICS_TOKEN as a bearer token when it is set, and never echoes or logs it', async () => {
    const harness = await startHarness({ env: { METRICS_TOKEN: TOKEN } });
    onTestFinished(() => harness.close());
    const metricsUrl = harness.proxy.metricsUrl as string;
    expect(metricsUrl).not.toBe(harness.proxy.url);
    const get = (headers: Record<string, string> = {}, path = '/metrics', method = 'GET') => fetch(`${metricsUrl}${path}`, { method, headers });

    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer wrong' }, { authorization: `Bearer ${TOKEN}x` }, { authorization: TOKEN }, { authorization: `Basic ${TOKEN}` }]) {
      const refused = await get(headers);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(await refused.json()).toEqual({ error: 'unauthorized' });
    }
    const allowed = await get({ authorization: `Bearer ${TOKEN}` });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(allowed.headers.get('cache-control')).toBe('no-store');
    const text = await allowed.text();
    expect(sum(parseExposition(text), 'gleantap_capture_build_info')).toBe(1);
    expect(text).not.toContain(TOKEN);

    expect((await get({ authorization: `Bearer ${TOKEN}` }, '/metrics', 'POST')).status).toBe(405);
    expect((await get({ authorization: `Bearer ${TOKEN}` }, '/other')).status).toBe(404);
    // The public listener does not serve metrics when they have a port of their own.
    expect((await fetch(`${harness.proxy.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    expect(harness.logs.join('\n')).not.toContain(TOKEN);
  });

  it('compares the token whole, whatever the case of the scheme', () => {
    expect(bearerMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`Bearer ${TOKEN.slice(0, -1)}`, TOKEN)).toBe(false);
    expect(bearerMatches(undefined, TOKEN)).toBe(false);
    expect(bearerMatches('Bearer ', '')).toBe(false);
  });

  it('serve reports where /metrics listens (METRICS_PORT=0 picks a free port) and it answers there', async () => {
    const sandbox = await startTestSandbox();
    onTestFinished(() => sandbox.close());
    const child = await startChildProxy({ dataDir: tempDataDir(), sandboxUrl: sandbox.url });
    const line =
      child
        .output()
        .split('\n')
        .find((entry) => entry.includes('proxy listening')) ?? '{}';
    const { url, metricsUrl } = JSON.parse(line) as { url: string; metricsUrl: string };
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(metricsUrl).not.toBe(url);
    const response = await fetch(`${metricsUrl}/metrics`);
    expect(response.status).toBe(200);
    const metrics = parseExposition(await response.text());
    expect(metrics.types.get('gleantap_capture_submissions_total')).toBe('counter');
    expect(await stopChildProxy(child)).toBe(0);
  });

  it('with METRICS_PORT equal to PORT (METRICS_TOKEN required) serves /metrics on the public listener, behind the token', async () => {
    const sandbox = await startTestSandbox();
    onTestFinished(() => sandbox.close());
    const port = String(await freePort());
    const child = await startChildProxy({ dataDir: tempDataDir(), sandboxUrl: sandbox.url, env: { PORT: port, METRICS_PORT: port, METRICS_TOKEN: TOKEN } });
    expect(child.output()).toContain(`"metricsUrl":"${child.url}"`);
    expect((await fetch(`${child.url}/metrics`)).status).toBe(401);
    const allowed = await fetch(`${child.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(allowed.status).toBe(200);
    expect(sum(parseExposition(await allowed.text()), 'gleantap_capture_build_info')).toBe(1);
    expect((await fetch(`${child.url}/healthz`)).status).toBe(200);
    expect(await stopChildProxy(child)).toBe(0);
  });

  it('says in one line when METRICS_PORT is in use, and exits 1', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => void blocker.close());
    const port = (blocker.address() as { port: number }).port;
    const result = await runCli(['serve'], {
      GLEANTAP_API_KEY: TEST_KEYS.apiKey,
      GLEANTAP_SECRET_KEY: TEST_KEYS.secretKey,
      GLEANTAP_APP_ID: 'app-1',
      ALLOWED_ORIGINS: 'https://a.example',
      HOST: '127.0.0.1',
      PORT: '0',
      METRICS_PORT: String(port),
      DATA_DIR: tempDataDir(),
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`gleantap-capture serve (metrics): port ${port} on 127.0.0.1 is already in use (set METRICS_PORT)`);
  });
});
