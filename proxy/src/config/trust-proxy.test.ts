import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli.ts';
import { loadConfig } from './load-config.ts';

// TRUST_PROXY accepts the trusted proxies' addresses (Express's syntax) or a hop count, and
// rateLimit.exemptIps addresses and ranges; both are checked at start, every mistake named.

const KEYS = { GLEANTAP_API_KEY: 'k'.repeat(20), GLEANTAP_SECRET_KEY: 's'.repeat(20), GLEANTAP_APP_ID: 'app', ALLOWED_ORIGINS: 'https://www.example.com' };
const load = (extra: Record<string, string>, forms?: unknown) =>
  loadConfig({ ...KEYS, ...extra, ...(forms ? { CAPTURE_CONFIG: 'forms.json' } : {}) }, { cwd: '/srv', readFile: () => JSON.stringify(forms) });
const problems = (result: ReturnType<typeof loadConfig>) => (result.ok ? [] : result.problems);

describe('TRUST_PROXY', () => {
  it.each([
    ['0', 0],
    ['2', 2],
    ['loopback', ['loopback']],
    ['loopback, 10.0.0.0/8', ['loopback', '10.0.0.0/8']],
    ['linklocal,uniquelocal,192.168.1.10,2001:db8::/32,::1', ['linklocal', 'uniquelocal', '192.168.1.10', '2001:db8::/32', '::1']],
  ])('%s is read as %j', (value, expected) => {
    const result = load({ TRUST_PROXY: value });
    expect(result.ok && result.config.trustProxy).toEqual(expected);
  });

  it.each([
    ['true', /not a boolean/],
    ['10.0.0.0/33', /"10.0.0.0\/33" has a prefix length that is not a whole number from 0 to 32/],
    ['loopback, proxy.internal', /"proxy.internal" is not an IP address or CIDR range/],
    ['localhost', /"localhost" is not an IP address/],
    ['100', /whole number of proxy hops from 0 to 99/],
    [',', /comma-separated list of the trusted proxies' addresses/],
  ])('%s is refused: %s', (value, message) => {
    expect(problems(load({ TRUST_PROXY: value }))).toContainEqual({ path: 'TRUST_PROXY', message: expect.stringMatching(message) });
  });
});

describe('rateLimit.exemptIps', () => {
  const forms = (defaults: unknown, own?: unknown) => ({
    version: 1,
    defaults: { rateLimit: { exemptIps: defaults } },
    forms: {
      trial: {
        fields: [
          { name: 'first_name', required: true },
          { name: 'last_name', required: true },
          { name: 'email', required: true },
        ],
        ...(own ? { rateLimit: { exemptIps: own } } : {}),
      },
    },
  });

  it('takes IPv4 and IPv6 addresses and ranges; a form list replaces the default one', () => {
    const inherited = load({}, forms(['203.0.113.7', '198.51.100.0/24', '2001:db8:5::/48']));
    expect(inherited.ok && inherited.config.forms.get('trial')?.rateLimit.exemptIps).toEqual(['203.0.113.7', '198.51.100.0/24', '2001:db8:5::/48']);
    const own = load({}, forms(['203.0.113.7'], ['192.0.2.1']));
    expect(own.ok && own.config.forms.get('trial')?.rateLimit.exemptIps).toEqual(['192.0.2.1']);
  });

  it('refuses anything else, naming each entry', () => {
    expect(problems(load({}, forms(['203.0.113.7'], ['2001:db8::/129'])))).toEqual([
      { path: 'forms.trial.rateLimit.exemptIps[0]', message: expect.stringMatching(/"2001:db8::\/129" has a prefix length that is not a whole number from 0 to 128/) },
    ]);
    expect(problems(load({}, forms(['front-desk', '10.0.0.0/40'])))).toEqual([
      { path: 'defaults.rateLimit.exemptIps[0]', message: expect.stringMatching(/"front-desk" is not an IP address or CIDR range/) },
      { path: 'defaults.rateLimit.exemptIps[1]', message: expect.stringMatching(/prefix length/) },
    ]);
  });
});

describe('check-config and a hop count', () => {
  const env = { ...KEYS, PORT: '0' };

  it('warns (and still succeeds) when a hop count is used while HOST is not loopback', async () => {
    const result = await runCli(['check-config'], { ...env, TRUST_PROXY: '1', HOST: '0.0.0.0' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Configuration OK');
    expect(result.stderr).toMatch(/warning: TRUST_PROXY: is a hop count \(1\) while HOST \(0\.0\.0\.0\) accepts connections from other machines.*TRUST_PROXY=loopback/);
  });

  it('does not warn for addresses, for 0, or behind a loopback HOST', async () => {
    for (const extra of [{ TRUST_PROXY: 'loopback' }, { TRUST_PROXY: '0' }, { TRUST_PROXY: '1', HOST: '127.0.0.1' }] as Array<Record<string, string>>) {
      const result = await runCli(['check-config'], { ...env, ...extra });
      expect(result.code, JSON.stringify(extra)).toBe(0);
      expect(result.stderr, JSON.stringify(extra)).not.toContain('warning');
    }
  });

  it('exits 2 naming the problem when TRUST_PROXY cannot be read, for check-config and serve alike', async () => {
    for (const command of ['check-config', 'serve']) {
      const result = await runCli([command], { ...env, TRUST_PROXY: 'loopback, 10.0.0.0/99' });
      expect(result.code, command).toBe(2);
      expect(result.stderr, command).toMatch(/TRUST_PROXY: .*"10\.0\.0\.0\/99" has a prefix length/);
    }
  });
});
