import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { en, es, MESSAGE_KEYS } from '@gleantap-capture/shared';
import { describe, expect, it } from 'vitest';
import type { Config, ResolvedForm } from './config.ts';
import { loadConfig } from './load-config.ts';

const FRENCH = Object.fromEntries(MESSAGE_KEYS.map((key) => [key, `fr ${key}`]));

const KEYS = { GLEANTAP_API_KEY: 'key-default', GLEANTAP_SECRET_KEY: 'secret-default', GLEANTAP_APP_ID: 'app-default' };
const sha12 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12);

const FILE = {
  version: 1,
  defaults: {
    source: 'website-2025',
    tags: ['web'],
    type: 'lead',
    rateLimit: { perIp: { max: 9, windowSeconds: 60 }, perForm: { max: 900, windowSeconds: 7200 } },
    phoneCountry: 'GB',
    maxTokenAge: '12h',
  },
  outbox: { inlineBudgetMs: 1500, backoff: { capMs: 60_000 }, deadAfter: '3d', concurrency: 8 },
  forms: {
    trial: {
      allowedOrigins: ['HTTPS://WWW.Example-Gym.com:443/', 'http://localhost:5173'],
      source: 'trial-page',
      tags: ['trial', 'website'],
      tagAction: 'remove',
      status: 'non-member',
      location: 'Downtown',
      rateLimit: { perIp: { max: 3, windowSeconds: 30 } },
      locales: ['en', 'fr'],
      minTokenAge: '5s',
      fields: [
        { name: 'first_name', required: true, label: { fr: 'Prénom' } },
        { name: 'last_name', required: true, label: { fr: 'Nom' } },
        { name: 'email', required: true, label: { en: 'Work email', fr: 'Courriel' } },
        { name: 'phone', required: true, label: { fr: 'Téléphone' } },
        { name: 'gender', options: ['female', 'male', 'other'], label: { fr: 'Genre' } },
        { name: 'goal', custom: true, options: ['strength', 'weight loss'], label: { en: 'Your goal', fr: 'Votre objectif' } },
        { name: 'notes', custom: true, type: 'textarea', maxLength: 500, label: { en: 'Notes', fr: 'Remarques' } },
        { name: 'member_code', custom: true, label: { en: 'Code', fr: 'Code' } },
      ],
      consent: {
        sms: { mode: 'double-optin', required: true, text: { en: 'Text me offers.', fr: 'Envoyez-moi des offres.' } },
      },
      contextAttributes: { page_url: 'signup_page', utm_source: 'utm_source' },
      userId: 'email',
      success: { message: { en: 'See you soon!', fr: 'À bientôt !' }, redirectUrl: 'https://www.example-gym.com/thanks' },
      submitLabel: { fr: "S'inscrire" },
      // French has no built-in catalogue: a locale that is configuration only gives every message.
      messages: { fr: { ...FRENCH, required: 'Champ obligatoire.' }, de: { required: 'Pflichtfeld.' } },
      theme: { accentColor: '#0a7d4f', radius: '6px' },
      account: { appId: 'app-trial', apiKeyEnv: 'GLEANTAP_TRIAL_API_KEY', secretKeyEnv: 'GLEANTAP_TRIAL_SECRET_KEY' },
    },
    newsletter: {
      fields: [
        { name: 'first_name', required: true },
        { name: 'last_name', required: true },
        { name: 'email', required: true },
      ],
    },
  },
};

function load(file: unknown, env: Record<string, string> = {}): Config {
  const result = loadConfig(
    {
      ...KEYS,
      GLEANTAP_TRIAL_API_KEY: 'key-trial',
      GLEANTAP_TRIAL_SECRET_KEY: 'secret-trial',
      ALLOWED_ORIGINS: 'https://Shop.Example.com, https://blog.example.com:443',
      CAPTURE_CONFIG: 'forms.json',
      ...env,
    },
    { readFile: () => JSON.stringify(file), cwd: '/srv/capture' },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.config;
}

function form(config: Config, id: string): ResolvedForm {
  const found = config.forms.get(id);
  if (!found) throw new Error(`no form ${id}`);
  return found;
}

describe('loadConfig with a valid forms file', () => {
  const config = load(FILE);
  const trial = form(config, 'trial');
  const newsletter = form(config, 'newsletter');

  it('lets form values override defaults, and defaults override built-ins', () => {
    expect(trial.source).toBe('trial-page');
    expect(newsletter.source).toBe('website-2025');
    expect(trial.tags).toEqual(['trial', 'website']);
    expect(newsletter.tags).toEqual(['web']);
    expect(trial.tagAction).toBe('remove');
    expect(newsletter.tagAction).toBe('add');
    expect(trial.type).toBe('lead');
    expect(trial.status).toBe('non-member');
    expect(newsletter.type).toBe('lead');
    expect(newsletter.status).toBeUndefined();
    expect(trial.location).toBe('Downtown');
    expect(newsletter.location).toBeUndefined();
    expect(trial.phoneCountry).toBe('GB');
    expect(trial.locales).toEqual(['en', 'fr']);
    expect(newsletter.locales).toEqual(['en', 'es']);
  });

  it('resolves each rate-limit window on its own', () => {
    expect(trial.rateLimit).toEqual({
      perIp: { max: 3, windowSeconds: 30 },
      perForm: { max: 900, windowSeconds: 7200 },
      definitionPerIp: { max: 120, windowSeconds: 600 },
      exemptIps: [],
    });
  });

  it('reads token ages as milliseconds', () => {
    expect(trial.minTokenAgeMs).toBe(5_000);
    expect(trial.maxTokenAgeMs).toBe(12 * 3_600_000);
    expect(newsletter.minTokenAgeMs).toBe(2_000);
  });

  it("uses the form's own origins, normalised, and ALLOWED_ORIGINS where the file is silent", () => {
    expect([...trial.allowedOrigins]).toEqual(['https://www.example-gym.com', 'http://localhost:5173']);
    expect([...newsletter.allowedOrigins]).toEqual(['https://shop.example.com', 'https://blog.example.com']);
  });

  it('resolves fields from the catalogue, with labels in every locale', () => {
    const byName = new Map(trial.fields.map((field) => [field.name, field]));
    expect(byName.get('first_name')).toEqual({
      name: 'first_name',
      type: 'text',
      label: { en: 'First name', fr: 'Prénom' },
      required: true,
      autocomplete: 'given-name',
      inputmode: 'text',
      maxLength: 100,
    });
    expect(byName.get('email')).toMatchObject({ type: 'email', label: { en: 'Work email', fr: 'Courriel' }, autocomplete: 'email', inputmode: 'email', maxLength: 254 });
    expect(byName.get('gender')).toMatchObject({
      type: 'select',
      options: ['female', 'male', 'other'].map((value) => ({ value, label: { en: value, fr: value } })),
      required: false,
      autocomplete: 'sex',
      inputmode: 'none',
      maxLength: 32,
    });
    expect(byName.get('goal')).toMatchObject({
      type: 'select',
      options: ['strength', 'weight loss'].map((value) => ({ value, label: { en: value, fr: value } })),
      autocomplete: 'off',
      inputmode: 'none',
      maxLength: 256,
    });
    expect(byName.get('notes')).toMatchObject({ type: 'textarea', maxLength: 500 });
    expect(byName.get('member_code')).toMatchObject({ type: 'text', autocomplete: 'off', inputmode: 'text', maxLength: 256 });
    expect(trial.fields.map((field) => field.name)).toEqual(['first_name', 'last_name', 'email', 'phone', 'gender', 'goal', 'notes', 'member_code']);
    expect([...trial.customFields]).toEqual(['goal', 'notes', 'member_code']);
  });

  it('versions consent per locale by the hash of its exact text', () => {
    expect(trial.consent).toEqual([
      {
        kind: 'sms',
        text: { en: 'Text me offers.', fr: 'Envoyez-moi des offres.' },
        version: { en: sha12('Text me offers.'), fr: sha12('Envoyez-moi des offres.') },
        required: true,
      },
    ]);
    expect(trial.consent[0]?.version['en']).toMatch(/^[0-9a-f]{12}$/);
    expect(trial.smsMode).toBe('double-optin');
    expect(newsletter.consent).toEqual([]);
    expect(newsletter.smsMode).toBeUndefined();
  });

  it('falls back to built-in en/es texts and uses configured ones elsewhere', () => {
    expect(trial.submitLabel).toEqual({ en: 'Sign up', fr: "S'inscrire" });
    expect(trial.heading).toBeUndefined();
    expect(trial.success).toEqual({ message: { en: 'See you soon!', fr: 'À bientôt !' }, redirectUrl: 'https://www.example-gym.com/thanks' });
    expect(newsletter.submitLabel).toEqual({ en: 'Sign up', es: 'Registrarme' });
    expect(newsletter.success).toEqual({ message: { en: "Thanks! We'll be in touch.", es: '¡Gracias! Nos pondremos en contacto contigo.' }, redirectUrl: undefined });
  });

  it('keeps message overrides of configured locales, theme, context attributes and userId', () => {
    // Resolved for every locale of the form (not `de`, which it does not offer).
    expect(trial.messages).toEqual({ en, fr: { ...FRENCH, required: 'Champ obligatoire.' } });
    expect(trial.theme).toEqual({ accentColor: '#0a7d4f', radius: '6px' });
    expect(trial.contextAttributes).toEqual({ page_url: 'signup_page', utm_source: 'utm_source' });
    expect(trial.userId).toBe('email');
  });

  it('uses the named account for a form and the environment account elsewhere', () => {
    expect(trial.account).toEqual({ appId: 'app-trial', apiKeyEnv: 'GLEANTAP_TRIAL_API_KEY', secretKeyEnv: 'GLEANTAP_TRIAL_SECRET_KEY' });
    expect(newsletter.account).toEqual({ appId: 'app-default', apiKeyEnv: 'GLEANTAP_API_KEY', secretKeyEnv: 'GLEANTAP_SECRET_KEY' });
    expect(Object.fromEntries(config.secrets)).toEqual({
      GLEANTAP_API_KEY: 'key-default',
      GLEANTAP_SECRET_KEY: 'secret-default',
      GLEANTAP_TRIAL_API_KEY: 'key-trial',
      GLEANTAP_TRIAL_SECRET_KEY: 'secret-trial',
    });
  });

  it('merges outbox settings key by key', () => {
    expect(config.outbox).toEqual({
      inlineBudgetMs: 1500,
      backoff: { baseMs: 1000, capMs: 60_000 },
      deadAfterMs: 3 * 86_400_000,
      alertAfterMs: 15 * 60_000,
      retainDeliveredMs: 30 * 86_400_000,
      retainDeadMs: 90 * 86_400_000,
      concurrency: 8,
    });
  });

  it('resolves paths against cwd', () => {
    expect(config.configPath).toBe(resolve('/srv/capture', 'forms.json'));
    expect(config.dataDir).toBe(resolve('/srv/capture', 'data'));
  });
});

describe('loadConfig without CAPTURE_CONFIG', () => {
  const result = loadConfig({ ...KEYS, ALLOWED_ORIGINS: 'https://www.example.com' }, { cwd: '/srv/capture' });

  it('serves one form "default" with the built-in fields and every default', () => {
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { config } = result;
    expect([...config.forms.keys()]).toEqual(['default']);
    const only = form(config, 'default');
    expect(only.fields.map((field) => [field.name, field.required])).toEqual([
      ['first_name', true],
      ['last_name', true],
      ['email', true],
      ['phone', false],
    ]);
    expect(only.fields[3]).toEqual({ name: 'phone', type: 'tel', label: { en: 'Phone', es: 'Teléfono' }, required: false, autocomplete: 'tel', inputmode: 'tel', maxLength: 32 });
    expect([...only.allowedOrigins]).toEqual(['https://www.example.com']);
    expect(only).toMatchObject({
      source: 'website',
      tags: [],
      tagAction: 'add',
      type: undefined,
      status: undefined,
      location: undefined,
      phoneCountry: 'US',
      locales: ['en', 'es'],
      consent: [],
      smsMode: undefined,
      userId: undefined,
      minTokenAgeMs: 2_000,
      maxTokenAgeMs: 86_400_000,
      messages: { en, es },
      heading: undefined,
      intro: undefined,
      theme: {},
      contextAttributes: {},
      rateLimit: { perIp: { max: 30, windowSeconds: 600 }, perForm: { max: 500, windowSeconds: 3600 }, definitionPerIp: { max: 120, windowSeconds: 600 }, exemptIps: [] },
      account: { appId: 'app-default', apiKeyEnv: 'GLEANTAP_API_KEY', secretKeyEnv: 'GLEANTAP_SECRET_KEY' },
    });
    expect(config.configPath).toBeUndefined();
  });

  it('applies every environment default', () => {
    if (!result.ok) throw new Error('expected ok');
    const { forms, secrets, ...rest } = result.config;
    expect(rest).toEqual({
      port: 8787,
      host: '0.0.0.0',
      dataDir: resolve('/srv/capture', 'data'),
      databaseUrl: undefined,
      trustProxy: 0,
      tokenSecret: undefined,
      metrics: { port: 9464, token: undefined },
      logLevel: 'info',
      logFormat: undefined,
      server: { headersMs: 10_000, requestMs: 15_000, keepAliveMs: 5_000 },
      gleantap: { baseUrl: 'https://api.gleantap.com', connectTimeoutMs: 3_000, headersTimeoutMs: 10_000, totalTimeoutMs: 15_000 },
      outbox: {
        inlineBudgetMs: 3000,
        backoff: { baseMs: 1000, capMs: 900_000 },
        deadAfterMs: 7 * 86_400_000,
        alertAfterMs: 15 * 60_000,
        retainDeliveredMs: 30 * 86_400_000,
        retainDeadMs: 90 * 86_400_000,
        concurrency: 4,
      },
      alerts: { webhooks: [] },
      configPath: undefined,
    });
    expect(Object.fromEntries(secrets)).toEqual({ GLEANTAP_API_KEY: 'key-default', GLEANTAP_SECRET_KEY: 'secret-default' });
  });

  it('reads every variable it is given, and treats empty values as unset', () => {
    const custom = loadConfig({
      ...KEYS,
      ALLOWED_ORIGINS: 'https://www.example.com',
      PORT: '0',
      HOST: '127.0.0.1',
      TRUST_PROXY: '2',
      LOG_LEVEL: 'debug',
      METRICS_PORT: '9100',
      METRICS_TOKEN: 'metrics-token',
      DATABASE_URL: 'postgres://capture:pw@db.internal:5432/capture',
      TOKEN_SECRET: 'x'.repeat(32),
      HEADERS_TIMEOUT_MS: '2000',
      REQUEST_TIMEOUT_MS: '3000',
      KEEP_ALIVE_TIMEOUT_MS: '1000',
      UPSTREAM_CONNECT_TIMEOUT_MS: '100',
      UPSTREAM_HEADERS_TIMEOUT_MS: '200',
      UPSTREAM_TIMEOUT_MS: '300',
      DATA_DIR: '/var/lib/capture',
      CAPTURE_CONFIG: '',
    });
    expect(custom.ok).toBe(true);
    if (!custom.ok) return;
    expect(custom.config).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      trustProxy: 2,
      logLevel: 'debug',
      metrics: { port: 9100, token: 'metrics-token' },
      databaseUrl: 'postgres://capture:pw@db.internal:5432/capture',
      tokenSecret: 'x'.repeat(32),
      dataDir: '/var/lib/capture',
      configPath: undefined,
      server: { headersMs: 2000, requestMs: 3000, keepAliveMs: 1000 },
      gleantap: { connectTimeoutMs: 100, headersTimeoutMs: 200, totalTimeoutMs: 300 },
    });
  });
});

describe('the resolved config is frozen', () => {
  const config = load(FILE);
  const trial = form(config, 'trial');

  it('freezes the config, its nested objects and arrays', () => {
    for (const value of [
      config,
      config.server,
      config.gleantap,
      config.metrics,
      config.outbox,
      config.outbox.backoff,
      trial,
      trial.fields,
      trial.fields[0],
      trial.fields[0]?.label,
      trial.consent[0]?.version,
      trial.rateLimit.perIp,
      trial.tags,
      trial.locales,
      trial.account,
      trial.success,
      trial.theme,
    ]) {
      expect(Object.isFrozen(value)).toBe(true);
    }
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(() => {
      (trial.tags as string[]).push('x');
    }).toThrow(TypeError);
  });

  it('refuses changes through its maps and sets', () => {
    expect(() => (config.forms as Map<string, ResolvedForm>).set('evil', trial)).toThrow(TypeError);
    expect(() => (config.forms as Map<string, ResolvedForm>).delete('trial')).toThrow(TypeError);
    expect(() => (config.secrets as Map<string, string>).set('GLEANTAP_API_KEY', 'other')).toThrow(TypeError);
    expect(() => (trial.allowedOrigins as Set<string>).add('https://evil.example')).toThrow(TypeError);
    expect(() => (trial.customFields as Set<string>).clear()).toThrow(TypeError);
    expect(config.forms.size).toBe(2);
    expect(trial.allowedOrigins.has('https://evil.example')).toBe(false);
  });

  it('freezes the problem list of a failed load too', () => {
    const result = loadConfig({});
    expect(result.ok).toBe(false);
    expect(Object.isFrozen(result)).toBe(true);
    if (!result.ok) expect(Object.isFrozen(result.problems)).toBe(true);
  });
});
