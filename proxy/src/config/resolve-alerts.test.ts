import { describe, expect, it } from 'vitest';
import type { ConfigResult } from './config.ts';
import { loadConfig } from './load-config.ts';

const KEYS = { GLEANTAP_API_KEY: 'key-default', GLEANTAP_SECRET_KEY: 'secret-default', GLEANTAP_APP_ID: 'app-default', ALLOWED_ORIGINS: 'https://www.example.com' };
const FORMS = {
  trial: {
    fields: [
      { name: 'first_name', required: true },
      { name: 'last_name', required: true },
      { name: 'email', required: true },
    ],
  },
};
const SECRET = 'whsec_canary_5b7e1c9d3a2f4e6b';

const load = (alerts: unknown, env: Record<string, string> = {}): ConfigResult =>
  loadConfig({ ...KEYS, CAPTURE_CONFIG: './forms.json', ...env }, { readFile: () => JSON.stringify({ version: 1, alerts, forms: FORMS }) });

describe('the alerts block', () => {
  it('resolves webhooks with their defaults and keeps a secret by its variable name', () => {
    const result = load(
      {
        webhooks: [
          { url: 'https://hooks.example.com/capture', secretEnv: 'CAPTURE_ALERT_SECRET' },
          { url: 'http://127.0.0.1:9999/slack', format: 'slack', events: ['dead_letter'], includeLead: true },
        ],
      },
      { CAPTURE_ALERT_SECRET: SECRET },
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const [json, slack] = result.config.alerts.webhooks;
    expect(json).toMatchObject({ url: 'https://hooks.example.com/capture', format: 'json', secretEnv: 'CAPTURE_ALERT_SECRET', includeLead: false });
    expect([...(json?.events ?? [])]).toEqual(['dead_letter', 'degraded', 'recovered', 'keys_refused']);
    expect(slack).toMatchObject({ format: 'slack', includeLead: true });
    expect([...(slack?.events ?? [])]).toEqual(['dead_letter']);
    expect(result.config.secrets.get('CAPTURE_ALERT_SECRET')).toBe(SECRET);
  });

  it('is empty when the file has no alerts block', () => {
    const result = load(undefined);
    expect(result.ok && result.config.alerts.webhooks).toEqual([]);
  });

  it('refuses plain http to another host, bad URLs, unset or weak secrets and unknown events, naming the setting and never the secret', () => {
    const result = load(
      {
        webhooks: [
          { url: 'http://hooks.example.com/capture' },
          { url: 'not a url' },
          { url: 'https://user:pw@hooks.example.com/' },
          { url: 'https://hooks.example.com/a', secretEnv: 'CAPTURE_UNSET_SECRET' },
          { url: 'https://hooks.example.com/b', secretEnv: 'CAPTURE_WEAK_SECRET' },
        ],
      },
      { CAPTURE_WEAK_SECRET: 'short' },
    );
    if (result.ok) throw new Error('expected problems');
    expect(result.problems).toEqual([
      { path: 'CAPTURE_WEAK_SECRET', message: 'must be at least 16 characters (e.g. `openssl rand -hex 32`)' },
      { path: 'alerts.webhooks[0].url', message: 'must be https (http only to a loopback host, for tests)' },
      { path: 'alerts.webhooks[1].url', message: 'must be an absolute URL' },
      { path: 'alerts.webhooks[2].url', message: 'must not carry a user name or password' },
      { path: 'alerts.webhooks[3].secretEnv', message: 'CAPTURE_UNSET_SECRET is not set' },
    ]);
    expect(JSON.stringify(result.problems)).not.toContain('short');

    const schema = load({ webhooks: [{ url: 'https://hooks.example.com/', events: ['lead_lost'], format: 'teams' }] });
    if (schema.ok) throw new Error('expected problems');
    expect(schema.problems.map((item) => item.path)).toEqual(expect.arrayContaining(['alerts.webhooks[0].events[0]', 'alerts.webhooks[0].format']));
  });
});
