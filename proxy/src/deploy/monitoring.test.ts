import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished, type TestContext } from 'vitest';
import { parseExposition } from '../metrics/scrape.ts';
import { startTestSandbox } from '../sandbox/test-sandbox.ts';
import { startChildProxy, stopChildProxy } from '../testing/child-proxy.ts';
import { post, signup, tempDataDir } from '../testing/harness.ts';

// deploy/monitoring/ checked by Prometheus's own promtool (Debian package prometheus), and every
// metric its rules and dashboard name checked against what a real `serve` exports.

const DIR = fileURLToPath(new URL('../../../deploy/monitoring/', import.meta.url));
const file = (name: string): string => join(DIR, name);
const PROMTOOL = process.env['PROMTOOL_PATH'] ?? 'promtool';
const SHIPPED_TOKEN_FILE = 'credentials_file: /etc/prometheus/gleantap-capture-metrics-token';
/** Series Prometheus makes itself, not the proxy. */
const PROMETHEUS_SERIES: ReadonlySet<string> = new Set(['up']);

const MISSING = spawnSync(PROMTOOL, ['--version'], { encoding: 'utf8' }).status === 0 ? undefined : `promtool is not installed (apt-get install prometheus, or set PROMTOOL_PATH)`;

/** In CI a missing promtool is a failure (.ci/run installs it); elsewhere the test says why it skips. */
function needPromtool(context: TestContext): void {
  if (MISSING === undefined) return;
  if (process.env['CI']) throw new Error(MISSING);
  console.warn(`deploy/monitoring promtool tests skipped: ${MISSING}`);
  context.skip(MISSING);
}

function promtool(...args: string[]): { status: number | null; output: string } {
  const run = spawnSync(PROMTOOL, args, { encoding: 'utf8', cwd: DIR });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** Every `gleantap_capture_…` name in a file, and every other series the rules read. */
function namedMetrics(text: string): Set<string> {
  return new Set(text.match(/\bgleantap_capture_[a-z0-9_]+\b/g) ?? []);
}

describe('deploy/monitoring', () => {
  it('promtool accepts the alert rules', (context) => {
    needPromtool(context);
    const result = promtool('check', 'rules', file('alert-rules.yml'));
    expect(result.output).toContain('SUCCESS: 5 rules found');
    expect(result.status, result.output).toBe(0);
  });

  it("the rules' unit tests pass: each alert fires on its series, and health-probe 503s are not a 5xx rate", (context) => {
    needPromtool(context);
    const result = promtool('test', 'rules', file('alert-rules.test.yml'));
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain('SUCCESS');
  });

  it('promtool accepts the scrape config with its token file and rules', (context) => {
    needPromtool(context);
    const dir = mkdtempSync(join(tmpdir(), 'gc-prom-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const config = readFileSync(file('prometheus.yml'), 'utf8');
    expect(config).toContain(SHIPPED_TOKEN_FILE);
    // promtool checks that the token file exists; the shipped path is on the Prometheus host.
    writeFileSync(join(dir, 'token'), 'metrics-token\n', { mode: 0o400 });
    writeFileSync(join(dir, 'prometheus.yml'), config.replace(SHIPPED_TOKEN_FILE, `credentials_file: ${join(dir, 'token')}`));
    copyFileSync(file('alert-rules.yml'), join(dir, 'alert-rules.yml'));
    const result = promtool('check', 'config', join(dir, 'prometheus.yml'));
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain('SUCCESS: 5 rules found');
  });

  it('every metric the alert rules and the dashboard query is one a real serve exports', async () => {
    const sandbox = await startTestSandbox();
    onTestFinished(() => sandbox.close());
    const child = await startChildProxy({ dataDir: tempDataDir(), sandboxUrl: sandbox.url });
    expect((await post(child.url, signup())).status).toBe(201);
    expect((await fetch(`${child.url}/healthz/delivery`)).status).toBe(200);
    const metricsUrl = /"metricsUrl":"(http:\/\/[^"]+)"/.exec(child.output())?.[1];
    const exposition = parseExposition(await (await fetch(`${metricsUrl}/metrics`)).text());
    expect(await stopChildProxy(child)).toBe(0);

    const exported = new Set(exposition.samples.map((sample) => sample.name));
    // A family with no sample yet (a counter no request has touched) still declares its type.
    for (const [name, type] of exposition.types) {
      const suffixes = type === 'histogram' ? ['_bucket', '_sum', '_count'] : type === 'summary' ? ['', '_sum', '_count'] : [''];
      for (const suffix of suffixes) exported.add(`${name}${suffix}`);
    }
    const rules = readFileSync(file('alert-rules.yml'), 'utf8');
    const dashboard = readFileSync(file('grafana-dashboard.json'), 'utf8');
    const queries = (JSON.parse(dashboard) as { panels: Array<{ targets: Array<{ expr: string }> }> }).panels.flatMap((panel) => panel.targets.map((target) => target.expr));
    expect(queries.length).toBeGreaterThan(10);
    for (const query of queries) expect(namedMetrics(query).size, query).toBeGreaterThan(0);
    const named = [...namedMetrics(rules), ...namedMetrics(dashboard)];
    expect(named.filter((name) => !exported.has(name))).toEqual([]);
    // A one-line rule that names none of ours reads a series Prometheus makes itself.
    const exprs = [...rules.matchAll(/expr: (.+)/g)].map((match) => match[1] as string).filter((expr) => expr !== '|');
    for (const expr of exprs)
      if (namedMetrics(expr).size === 0)
        expect(
          [...PROMETHEUS_SERIES].some((series) => expr.startsWith(`${series}{`)),
          expr,
        ).toBe(true);
  });
});
