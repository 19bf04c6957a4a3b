import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.ts';

/** Distinctive values that must never appear in anything loadConfig returns, except the secrets themselves. */
const CANARY = {
  apiKey: 'GTKEY_canary_5b2e91',
  secretKey: 'GTSECRET_canary_0f7d44',
  trialKey: 'GTKEY_trial_canary_a81c3',
  tokenSecret: 'TOKENSECRET_canary_short',
  databasePassword: 'dbpw_canary_66e1',
  metricsToken: 'METRICS_canary_9d2f',
  urlPassword: 'urlpw_canary_3c58',
};

const isCanary = (text: string) => Object.values(CANARY).filter((value) => text.includes(value));

describe('secret values never appear in problems', () => {
  it('stays silent about every secret of a broken environment and forms file', () => {
    const result = loadConfig(
      {
        GLEANTAP_API_KEY: `${CANARY.apiKey} `,
        GLEANTAP_SECRET_KEY: CANARY.secretKey,
        GLEANTAP_TRIAL_API_KEY: `\t${CANARY.trialKey}`,
        TOKEN_SECRET: CANARY.tokenSecret,
        DATABASE_URL: `mysql://capture:${CANARY.databasePassword}@127.0.0.1:5432/capture`,
        METRICS_TOKEN: CANARY.metricsToken,
        GLEANTAP_BASE_URL: `http://user:${CANARY.urlPassword}@api.gleantap.com`,
        CAPTURE_CONFIG: 'forms.json',
      },
      {
        readFile: () =>
          JSON.stringify({
            version: 1,
            forms: {
              trial: {
                fields: [{ name: 'email' }, { name: 'app_id', custom: true }],
                account: { appId: 'a', apiKeyEnv: 'GLEANTAP_TRIAL_API_KEY', secretKeyEnv: 'GLEANTAP_TRIAL_SECRET_KEY' },
              },
              other: { fields: [{ name: 'phone', required: true }] },
            },
          }),
      },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // The failures really are about the secret-bearing variables…
    const paths = result.problems.map((item) => item.path);
    expect(paths).toEqual(expect.arrayContaining(['GLEANTAP_API_KEY', 'GLEANTAP_TRIAL_API_KEY', 'TOKEN_SECRET', 'DATABASE_URL', 'GLEANTAP_BASE_URL']));
    // …and yet nothing returned repeats a value.
    expect(isCanary(JSON.stringify(result))).toEqual([]);
    expect(isCanary(inspect(result, { depth: null }))).toEqual([]);
  });

  it('keeps keys out of resolved forms and out of an inspected secrets map', () => {
    const result = loadConfig(
      {
        GLEANTAP_API_KEY: CANARY.apiKey,
        GLEANTAP_SECRET_KEY: CANARY.secretKey,
        GLEANTAP_APP_ID: 'app-1',
        GLEANTAP_TRIAL_API_KEY: CANARY.trialKey,
        GLEANTAP_TRIAL_SECRET_KEY: CANARY.metricsToken,
        ALLOWED_ORIGINS: 'https://www.example.com',
        CAPTURE_CONFIG: 'forms.json',
      },
      {
        readFile: () =>
          JSON.stringify({
            version: 1,
            forms: {
              trial: {
                fields: [
                  { name: 'first_name', required: true },
                  { name: 'last_name', required: true },
                  { name: 'email', required: true },
                ],
                account: { appId: 'a', apiKeyEnv: 'GLEANTAP_TRIAL_API_KEY', secretKeyEnv: 'GLEANTAP_TRIAL_SECRET_KEY' },
              },
              plain: {
                fields: [
                  { name: 'first_name', required: true },
                  { name: 'last_name', required: true },
                  { name: 'phone', required: true },
                ],
              },
            },
          }),
      },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { config } = result;
    expect(config.secrets.get('GLEANTAP_TRIAL_API_KEY')).toBe(CANARY.trialKey);
    for (const form of config.forms.values()) {
      expect(isCanary(JSON.stringify(form))).toEqual([]);
      expect(isCanary(inspect(form, { depth: null }))).toEqual([]);
    }
    expect(isCanary(JSON.stringify(config))).toEqual([]);
    expect(isCanary(inspect(config.secrets))).toEqual([]);
    expect(inspect(config.secrets)).toContain('GLEANTAP_TRIAL_API_KEY');
  });
});
