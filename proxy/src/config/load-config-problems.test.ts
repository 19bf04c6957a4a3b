import { describe, expect, it } from 'vitest';
import type { ConfigProblem, ConfigResult } from './config.ts';
import { loadConfig } from './load-config.ts';

const KEYS = { GLEANTAP_API_KEY: 'key-default', GLEANTAP_SECRET_KEY: 'secret-default', GLEANTAP_APP_ID: 'app-default' };

function problemsOf(result: ConfigResult): readonly ConfigProblem[] {
  if (result.ok) throw new Error('expected problems, got a config');
  return result.problems;
}

const withFile = (file: unknown, env: Record<string, string> = {}) =>
  problemsOf(loadConfig({ ...KEYS, ALLOWED_ORIGINS: 'https://www.example.com', CAPTURE_CONFIG: './forms.json', ...env }, { readFile: () => JSON.stringify(file) }));

const paths = (problems: readonly ConfigProblem[]) => problems.map((item) => item.path);

/** One file with a mistake of every kind, in several forms. */
const BROKEN = {
  version: 1,
  defaults: { allowedOrigins: ['https://ok.example.com', 'https://bad.example.com/signup'] },
  outbox: { backoff: { baseMs: 5000, capMs: 1000 } },
  forms: {
    trial: {
      allowedOrigins: ['*', 'https://user@x.example.com', 'ftp://x.example.com', 'https://x.example.com?q=1', 'null', 'https://x.example.com#f'],
      minTokenAge: '1h',
      maxTokenAge: '30m',
      fields: [
        { name: 'first_name', required: true },
        { name: 'email' },
        { name: 'goal' },
        { name: 'tags', custom: true },
        { name: 'sms_consent_version', custom: true },
        { name: 'capture_submission_id', custom: true },
        { name: 'first_name' },
        { name: 'level', custom: true, type: 'text', options: ['a'], label: { en: 'Level', es: 'Nivel' } },
        { name: 'plan', custom: true, type: 'select', label: { en: 'Plan', es: 'Plan' } },
        { name: 'notes', custom: true, type: 'textarea', label: { en: 'Notes' } },
        { name: 'city', maxLength: 500 },
        { name: 'constructor', custom: true },
        { name: 'email', custom: true },
        { name: 'phone', options: ['1', '2'] },
        { name: 'size', custom: true, options: ['S', 'S', ' M'], maxLength: 1, label: { en: 'Size', es: 'Talla' } },
      ],
      consent: { sms: { mode: 'double-optin', text: { en: 'Text me.' } } },
      contextAttributes: { utm_source: 'email', referrer: 'level', page_url: 'Level', utm_medium: 'optin_sms' },
      userId: 'phone',
      account: { appId: 'a', apiKeyEnv: 'GLEANTAP_TRIAL_KEY', secretKeyEnv: 'GLEANTAP_TRIAL_KEY' },
    },
    shape: {
      colour: 'red',
      fields: [{ name: 'Bad Name' }],
      success: { redirectUrl: 'http://example.com/thanks' },
    },
    french: {
      locales: ['fr'],
      fields: [
        { name: 'first_name', required: true },
        { name: 'last_name', required: true },
        { name: 'email', required: true },
      ],
      consent: { email: { text: { en: 'Email me.' } } },
    },
    lonely: {
      allowedOrigins: [],
      fields: [{ name: 'phone', required: true }],
    },
  },
};

describe('a broken forms file', () => {
  const problems = withFile(BROKEN, { GLEANTAP_API_KEY: '', GLEANTAP_APP_ID: '' });

  it.each([
    ['defaults.allowedOrigins[1]', /has a path/],
    ['outbox.backoff.baseMs', /must not exceed capMs/],
    ['forms.trial.allowedOrigins[0]', /wildcards/],
    ['forms.trial.allowedOrigins[1]', /user info/],
    ['forms.trial.allowedOrigins[2]', /only http and https/],
    ['forms.trial.allowedOrigins[3]', /query/],
    ['forms.trial.allowedOrigins[4]', /null/],
    ['forms.trial.allowedOrigins[5]', /fragment/],
    ['forms.trial.maxTokenAge', /longer than minTokenAge/],
    ['forms.trial.fields', /must require email or phone/],
    ['forms.trial.fields[2].name', /not a standard field; add "custom": true/],
    ['forms.trial.fields[3].name', /standard Gleantap field/],
    ['forms.trial.fields[4].name', /consent provenance/],
    ['forms.trial.fields[5].name', /submission id/],
    ['forms.trial.fields[6].name', /duplicate field "first_name" \(also fields\[0\]\)/],
    ['forms.trial.fields[7].options', /only select, radio and multiselect fields have options/],
    ['forms.trial.fields[8].options', /needs options/],
    ['forms.trial.fields[9].label.es', /missing/],
    ['forms.trial.fields[10].maxLength', /may only lower the maximum length \(100/],
    ['forms.trial.fields[11].name', /prototype key/],
    ['forms.trial.fields[12].name', /standard field; remove "custom": true/],
    ['forms.trial.fields[13].options', /only text fields can offer options/],
    ['forms.trial.fields[14].options[1]', /duplicate option/],
    ['forms.trial.fields[14].options[2]', /white space/],
    ['forms.trial.userId', /declared, required field/],
    ['forms.trial.consent.sms.mode', /email required, phone required/],
    ['forms.trial.consent.sms.text.es', /consent text/],
    ['forms.trial.contextAttributes.utm_source', /standard Gleantap field/],
    ['forms.trial.contextAttributes.referrer', /also a custom field/],
    ['forms.trial.contextAttributes.page_url', /also a custom field/],
    ['forms.trial.contextAttributes.utm_medium', /standard Gleantap field/],
    ['forms.trial.account.secretKeyEnv', /different variable/],
    ['forms.trial.account.apiKeyEnv', /GLEANTAP_TRIAL_KEY is not set/],
    ['forms.shape.colour', /unknown key/],
    ['forms.shape.fields[0].name', /must start with a lower-case letter/],
    ['forms.shape.success.redirectUrl', /must be an https:\/\/ URL/],
    ['forms.french.fields[0].label.fr', /built-in labels exist only for en and es/],
    // A locale with no built-in catalogue names every message it lacks, the button and success texts among them.
    ['forms.french.messages.fr', /^missing 24 of 24 messages .*: required, .*submit, sending, success, /],
    ['forms.french.consent.email.text.fr', /consent text/],
    ['forms.lonely.allowedOrigins', /no origin may use this form/],
    ['GLEANTAP_API_KEY', /required \(the default account is used by forms "shape", "french", "lonely"\)/],
    ['GLEANTAP_APP_ID', /required/],
  ])('reports %s', (path, message) => {
    expect(problems).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('reports everything in one pass, each problem once', () => {
    expect(problems.length).toBeGreaterThanOrEqual(43);
    const keys = problems.map((item) => `${item.path}: ${item.message}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('does not invent problems for what is fine', () => {
    expect(paths(problems)).not.toContain('GLEANTAP_SECRET_KEY');
    expect(paths(problems).filter((path) => path.startsWith('forms.trial.fields[0]'))).toEqual([]);
    expect(paths(problems)).not.toContain('forms.shape.allowedOrigins');
  });
});

describe('missing key variables', () => {
  const file = (forms: Record<string, unknown>) => ({ version: 1, forms });
  const ownAccount = { appId: 'x', apiKeyEnv: 'GLEANTAP_X_API_KEY', secretKeyEnv: 'GLEANTAP_X_SECRET_KEY' };

  it('names each default-account variable and the form that needs it', () => {
    const problems = problemsOf(loadConfig({ ALLOWED_ORIGINS: 'https://www.example.com' }));
    expect(problems).toEqual([
      { path: 'GLEANTAP_APP_ID', message: 'required (the default account is used by form "default")' },
      { path: 'GLEANTAP_API_KEY', message: 'required (the default account is used by form "default")' },
      { path: 'GLEANTAP_SECRET_KEY', message: 'required (the default account is used by form "default")' },
    ]);
  });

  it('does not require the default account when every form names its own', () => {
    const result = loadConfig(
      { ALLOWED_ORIGINS: 'https://www.example.com', CAPTURE_CONFIG: 'f.json', GLEANTAP_X_API_KEY: 'a', GLEANTAP_X_SECRET_KEY: 'b' },
      {
        readFile: () =>
          JSON.stringify(
            file({
              trial: {
                fields: [
                  { name: 'first_name', required: true },
                  { name: 'last_name', required: true },
                  { name: 'email', required: true },
                ],
                account: ownAccount,
              },
            }),
          ),
      },
    );
    expect(result.ok).toBe(true);
    if (result.ok) expect([...result.config.secrets.keys()]).toEqual(['GLEANTAP_X_API_KEY', 'GLEANTAP_X_SECRET_KEY']);
  });

  it("names an account's variables that are not set", () => {
    const problems = withFile(
      file({
        trial: {
          fields: [
            { name: 'first_name', required: true },
            { name: 'last_name', required: true },
            { name: 'email', required: true },
          ],
          account: ownAccount,
        },
      }),
      { GLEANTAP_X_SECRET_KEY: '' },
    );
    expect(problems).toEqual([
      { path: 'forms.trial.account.apiKeyEnv', message: 'GLEANTAP_X_API_KEY is not set' },
      { path: 'forms.trial.account.secretKeyEnv', message: 'GLEANTAP_X_SECRET_KEY is not set' },
    ]);
  });

  it('refuses key variable names outside ^GLEANTAP_[A-Z0-9_]+$ and setting variables', () => {
    const problems = withFile(
      file({
        a: {
          fields: [
            { name: 'first_name', required: true },
            { name: 'last_name', required: true },
            { name: 'email', required: true },
          ],
          account: { appId: 'x', apiKeyEnv: 'AWS_SECRET_ACCESS_KEY', secretKeyEnv: 'GLEANTAP_x' },
        },
        b: {
          fields: [
            { name: 'first_name', required: true },
            { name: 'last_name', required: true },
            { name: 'email', required: true },
          ],
          account: { appId: 'x', apiKeyEnv: 'GLEANTAP_BASE_URL', secretKeyEnv: 'GLEANTAP_APP_ID' },
        },
      }),
    );
    expect(problems).toContainEqual({ path: 'forms.a.account.apiKeyEnv', message: expect.stringMatching(/GLEANTAP_/) });
    expect(problems).toContainEqual({ path: 'forms.a.account.secretKeyEnv', message: expect.stringMatching(/GLEANTAP_/) });
    expect(problems).toContainEqual({ path: 'forms.b.account.apiKeyEnv', message: 'GLEANTAP_BASE_URL holds a setting, not a key' });
    expect(problems).toContainEqual({ path: 'forms.b.account.secretKeyEnv', message: 'GLEANTAP_APP_ID holds a setting, not a key' });
  });

  it('refuses keys with white space pasted around them, without showing them', () => {
    const problems = problemsOf(loadConfig({ ...KEYS, GLEANTAP_API_KEY: 'key-default\n', ALLOWED_ORIGINS: 'https://www.example.com' }));
    expect(problems).toEqual([{ path: 'GLEANTAP_API_KEY', message: 'contains white space or control characters; keys are sent as HTTP headers' }]);
  });
});

describe('the forms file itself', () => {
  it('names the path and the OS reason when it cannot be read', () => {
    const problems = problemsOf(loadConfig({ ...KEYS, CAPTURE_CONFIG: './forms.json' }, { cwd: '/nonexistent-dir-for-test' }));
    expect(problems).toEqual([{ path: 'CAPTURE_CONFIG', message: 'cannot read ./forms.json (ENOENT)' }]);
  });

  it('reports invalid JSON with the parser message', () => {
    const problems = problemsOf(loadConfig({ ...KEYS, CAPTURE_CONFIG: 'forms.json' }, { readFile: () => '{"version": 1,' }));
    expect(problems).toEqual([{ path: 'CAPTURE_CONFIG', message: expect.stringMatching(/^forms\.json is not valid JSON \(.+\)$/) }]);
  });

  it('accepts a byte-order mark', () => {
    const text = `\uFEFF${JSON.stringify({
      version: 1,
      forms: {
        a: {
          fields: [
            { name: 'first_name', required: true },
            { name: 'last_name', required: true },
            { name: 'email', required: true },
          ],
        },
      },
    })}`;
    const result = loadConfig({ ...KEYS, ALLOWED_ORIGINS: 'https://www.example.com', CAPTURE_CONFIG: 'forms.json' }, { readFile: () => text });
    expect(result.ok).toBe(true);
  });

  it('refuses a file without forms, a wrong version and unknown top-level keys', () => {
    expect(withFile({ version: 1, forms: {} })).toEqual([{ path: 'forms', message: 'no forms: add at least one' }]);
    const problems = withFile({ version: 2, form: {} });
    expect(paths(problems)).toEqual(expect.arrayContaining(['version', 'forms', 'form']));
  });

  it('names CAPTURE_CONFIG when the file is not a JSON object', () => {
    expect(withFile([])).toEqual([{ path: 'CAPTURE_CONFIG', message: expect.stringMatching(/expected object/) }]);
  });

  it('still judges the valid parts of a form whose other parts fail the schema', () => {
    const problems = withFile({
      version: 1,
      forms: {
        trial: {
          allowedOrigins: ['https://ok.example', 'https://gym.example/path', '*'],
          fields: [{ name: 'first_name', required: true }, { name: 'tags', custom: true }, { name: 'nickname' }, { name: 'email', required: 'yes' }],
          account: { appId: 'a', apiKeyEnv: 'MY_KEY', secretKeyEnv: 'GLEANTAP_TRIAL_SECRET' },
          submitLabel: 'Go',
        },
      },
    });
    expect(paths(problems)).toEqual(
      expect.arrayContaining([
        'forms.trial.fields[3].required',
        'forms.trial.account.apiKeyEnv',
        'forms.trial.submitLabel',
        'forms.trial.allowedOrigins[1]',
        'forms.trial.allowedOrigins[2]',
        'forms.trial.fields[1].name',
        'forms.trial.fields[2].name',
      ]),
    );
    // Rules that would read a broken part are skipped rather than guessed: the email field
    // failed the schema, so "must require email or phone" would be a false alarm.
    expect(paths(problems)).not.toContain('forms.trial.fields');
    expect(paths(problems).filter((path) => path.startsWith('forms.trial.submitLabel.'))).toEqual([]);
    expect(paths(problems)).not.toContain('GLEANTAP_API_KEY');
  });

  it('lets a form inherit the doubt about a broken default it does not override', () => {
    const problems = withFile({
      version: 1,
      defaults: { allowedOrigins: 'https://www.example.com', source: 'web' },
      forms: {
        a: { fields: [{ name: 'goal' }] },
        b: {
          allowedOrigins: [],
          fields: [
            { name: 'first_name', required: true },
            { name: 'last_name', required: true },
            { name: 'email', required: true },
          ],
        },
      },
    });
    expect(paths(problems)).toEqual(['defaults.allowedOrigins', 'forms.a.fields[0].name', 'forms.a.fields', 'forms.a.fields', 'forms.a.fields', 'forms.b.allowedOrigins']);
  });

  it('does not judge a form whose locales are broken', () => {
    const problems = withFile({ version: 1, defaults: { locales: [] }, forms: { a: { fields: [{ name: 'goal' }] } } });
    expect(problems).toEqual([{ path: 'defaults.locales', message: expect.stringMatching(/>=1/) }]);
  });

  it('refuses __proto__ keys without being fooled by them', () => {
    const text = '{"version":1,"forms":{"__proto__":{"fields":[{"name":"email","required":true}]},"a":{"fields":[{"name":"email","required":true},{"name":"__proto__","custom":true}]}}}';
    const problems = problemsOf(loadConfig({ ...KEYS, ALLOWED_ORIGINS: 'https://www.example.com', CAPTURE_CONFIG: 'f.json' }, { readFile: () => text }));
    expect(paths(problems)).toEqual(expect.arrayContaining(['forms.__proto__', 'forms.a.fields[1].name']));
    expect(({} as Record<string, unknown>)['fields']).toBeUndefined();
  });

  it('refuses prototype keys as form ids', () => {
    expect(
      withFile({
        version: 1,
        forms: {
          constructor: {
            fields: [
              { name: 'first_name', required: true },
              { name: 'last_name', required: true },
              { name: 'email', required: true },
            ],
          },
        },
      }),
    ).toContainEqual({ path: 'forms.constructor', message: 'reserved form id' });
  });
});

describe('environment rules', () => {
  const env = (extra: Record<string, string>) => problemsOf(loadConfig({ ...KEYS, ALLOWED_ORIGINS: 'https://www.example.com', ...extra }));

  it.each([
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY', /not a boolean/],
    [{ TRUST_PROXY: 'false' }, 'TRUST_PROXY', /not a boolean/],
    [{ TRUST_PROXY: '1.5' }, 'TRUST_PROXY', /whole number/],
    [{ TRUST_PROXY: '-1' }, 'TRUST_PROXY', /whole number/],
    [{ PORT: '80a' }, 'PORT', /whole number from 0 to 65535/],
    [{ PORT: '65536' }, 'PORT', /whole number from 0 to 65535/],
    [{ METRICS_PORT: ' 9464' }, 'METRICS_PORT', /whole number/],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL', /must be one of fatal, error, warn, info, debug, trace, silent/],
    [{ REQUEST_TIMEOUT_MS: '0' }, 'REQUEST_TIMEOUT_MS', /whole number from 1/],
    [{ TOKEN_SECRET: 'too-short' }, 'TOKEN_SECRET', /at least 32 characters/],
    [{ DATABASE_URL: 'postgres://capture@127.0.0.1:5432/capture' }, 'TOKEN_SECRET', /required when DATABASE_URL is set/],
    [{ DATABASE_URL: 'mysql://capture@127.0.0.1:3306/capture', TOKEN_SECRET: 'x'.repeat(32) }, 'DATABASE_URL', /postgres:\/\/ or postgresql:\/\/ URL/],
    [{ DATABASE_URL: 'postgres:///capture', TOKEN_SECRET: 'x'.repeat(32) }, 'DATABASE_URL', /with a host/],
    [{ HEADERS_TIMEOUT_MS: '20000' }, 'HEADERS_TIMEOUT_MS', /must not exceed REQUEST_TIMEOUT_MS/],
    [{ UPSTREAM_CONNECT_TIMEOUT_MS: '20000' }, 'UPSTREAM_CONNECT_TIMEOUT_MS', /must not exceed UPSTREAM_TIMEOUT_MS/],
    [{ UPSTREAM_HEADERS_TIMEOUT_MS: '20000' }, 'UPSTREAM_HEADERS_TIMEOUT_MS', /must not exceed UPSTREAM_TIMEOUT_MS/],
    [{ METRICS_PORT: '8787' }, 'METRICS_PORT', /METRICS_TOKEN/],
    [{ ALLOWED_ORIGINS: 'https://a.example.com,https://b.example.com/x' }, 'ALLOWED_ORIGINS', /"https:\/\/b.example.com\/x": has a path/],
    [{ GLEANTAP_BASE_URL: 'http://api.gleantap.com' }, 'GLEANTAP_BASE_URL', /must use https/],
  ])('%j → %s', (extra, path, message) => {
    expect(env(extra)).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('does not pile "no origins" on top of a refused ALLOWED_ORIGINS', () => {
    expect(paths(env({ ALLOWED_ORIGINS: 'https://a.example.com/x' }))).toEqual(['ALLOWED_ORIGINS']);
  });

  it('requires ALLOWED_ORIGINS for the built-in form', () => {
    expect(env({ ALLOWED_ORIGINS: '' })).toEqual([{ path: 'ALLOWED_ORIGINS', message: expect.stringMatching(/built-in form "default" needs at least one origin/) }]);
  });
});
