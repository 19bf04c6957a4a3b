import { describe, expect, it } from 'vitest';
import type { Config } from '../config/config.ts';
import { loadConfig } from '../config/load-config.ts';
import { planReload } from './plan-reload.ts';

const ENV = {
  GLEANTAP_API_KEY: 'key-default',
  GLEANTAP_SECRET_KEY: 'secret-default',
  GLEANTAP_APP_ID: 'app-default',
  ALLOWED_ORIGINS: 'https://www.example-gym.com',
  CAPTURE_CONFIG: '/etc/capture/forms.json',
  PORT: '8080',
};
const FIELDS = [
  { name: 'first_name', required: true },
  { name: 'last_name', required: true },
  { name: 'email', required: true },
];

/** The real loader on a forms file given as an object, with the environment as at start. */
function load(file: unknown): Config {
  const result = loadConfig(ENV, { cwd: '/', readFile: () => JSON.stringify(file) });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

describe('planning a reload of the forms file', () => {
  it('swaps the forms only, into a new frozen config, and names what an owner changed', () => {
    const running = load({ version: 1, forms: { trial: { fields: FIELDS }, old: { fields: FIELDS } } });
    const plan = planReload(running, load({ version: 1, forms: { trial: { fields: FIELDS, source: 'spring-page' }, fresh: { fields: FIELDS } } }));
    expect(plan).toMatchObject({ ok: true, added: ['fresh'], removed: ['old'], changed: ['trial'], restartOnly: [] });
    if (!plan.ok) return;
    expect(plan.config.forms.get('trial')?.source).toBe('spring-page');
    expect(Object.isFrozen(plan.config)).toBe(true);
    expect(plan.config.port).toBe(8080);
    expect(plan.config.outbox).toBe(running.outbox);
    expect(planReload(running, load({ version: 1, forms: { trial: { fields: FIELDS }, old: { fields: FIELDS } } }))).toMatchObject({ ok: true, added: [], removed: [], changed: [] });
  });

  it('keeps the outbox settings of the start and says they wait for a restart', () => {
    const running = load({ version: 1, forms: { trial: { fields: FIELDS } } });
    const plan = planReload(running, load({ version: 1, outbox: { deadAfter: '1d', concurrency: 9 }, forms: { trial: { fields: FIELDS } } }));
    expect(plan).toMatchObject({ ok: true, restartOnly: ['outbox'], changed: [] });
    if (plan.ok) expect(plan.config.outbox.concurrency).toBe(running.outbox.concurrency);
  });

  it('refuses key variables the running process never read, naming the settings and not the values', () => {
    const running = load({ version: 1, forms: { trial: { fields: FIELDS } } });
    const next = loadConfig(
      { ...ENV, GLEANTAP_SPRING_API_KEY: 'spring-key-value-1234', GLEANTAP_SPRING_SECRET_KEY: 'spring-secret-value-1234' },
      {
        cwd: '/',
        readFile: () =>
          JSON.stringify({
            version: 1,
            forms: { trial: { fields: FIELDS }, spring: { fields: FIELDS, account: { appId: 'app-2', apiKeyEnv: 'GLEANTAP_SPRING_API_KEY', secretKeyEnv: 'GLEANTAP_SPRING_SECRET_KEY' } } },
          }),
      },
    );
    if (!next.ok) throw new Error('fixture');
    const plan = planReload(running, next.config);
    expect(plan).toEqual({
      ok: false,
      problems: [
        { path: 'forms.spring.account.apiKeyEnv', message: 'GLEANTAP_SPRING_API_KEY was not read at start: a new key variable needs a restart' },
        { path: 'forms.spring.account.secretKeyEnv', message: 'GLEANTAP_SPRING_SECRET_KEY was not read at start: a new key variable needs a restart' },
      ],
    });
  });

  it('follows the alerts block, and refuses a webhook secret variable the process did not read at start', () => {
    const hook = { url: 'https://hooks.example.com/capture' };
    const running = load({ version: 1, forms: { trial: { fields: FIELDS } } });
    const plan = planReload(running, load({ version: 1, alerts: { webhooks: [hook] }, forms: { trial: { fields: FIELDS } } }));
    expect(plan.ok && plan.config.alerts.webhooks.map((webhook) => webhook.url)).toEqual([hook.url]);

    const withSecret = loadConfig(
      { ...ENV, CAPTURE_ALERT_SECRET: 'a-secret-of-enough-length' },
      { cwd: '/', readFile: () => JSON.stringify({ version: 1, alerts: { webhooks: [{ ...hook, secretEnv: 'CAPTURE_ALERT_SECRET' }] }, forms: { trial: { fields: FIELDS } } }) },
    );
    if (!withSecret.ok) throw new Error(JSON.stringify(withSecret.problems));
    expect(planReload(running, withSecret.config)).toEqual({
      ok: false,
      problems: [{ path: 'alerts.webhooks[0].secretEnv', message: 'CAPTURE_ALERT_SECRET was not read at start: a new secret variable needs a restart' }],
    });
  });

  it('refuses a studio account whose key variables the running process never read', () => {
    const running = load({ version: 1, forms: { trial: { fields: FIELDS } } });
    const next = loadConfig(
      { ...ENV, GLEANTAP_UPTOWN_API_KEY: 'uptown-key-value-1234', GLEANTAP_UPTOWN_SECRET_KEY: 'uptown-secret-value-1234' },
      {
        cwd: '/',
        readFile: () =>
          JSON.stringify({
            version: 1,
            accounts: { uptown: { appId: 'app-up', apiKeyEnv: 'GLEANTAP_UPTOWN_API_KEY', secretKeyEnv: 'GLEANTAP_UPTOWN_SECRET_KEY' } },
            forms: { trial: { fields: [...FIELDS, { name: 'location', label: { en: 'Studio', es: 'Estudio' }, options: [{ value: 'up', location: 'Uptown', account: 'uptown' }] }] } },
          }),
      },
    );
    if (!next.ok) throw new Error(JSON.stringify(next.problems));
    const plan = planReload(running, next.config);
    expect(plan).toEqual({
      ok: false,
      problems: [
        { path: 'forms.trial.fields[3].options[0].account.apiKeyEnv', message: 'GLEANTAP_UPTOWN_API_KEY was not read at start: a new key variable needs a restart' },
        { path: 'forms.trial.fields[3].options[0].account.secretKeyEnv', message: 'GLEANTAP_UPTOWN_SECRET_KEY was not read at start: a new key variable needs a restart' },
      ],
    });
    expect(JSON.stringify(plan)).not.toContain('uptown-key-value');
  });
});
