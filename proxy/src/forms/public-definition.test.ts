import { en, es, PublicFormDefinition } from '@gleantap-capture/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, SITE_ORIGIN, startHarness } from '../testing/harness.ts';

const NAMES = [
  { name: 'first_name', required: true },
  { name: 'last_name', required: true },
];

describe('the public definition of one locale', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      formsFile: {
        version: 1,
        forms: {
          default: {
            locales: ['en', 'es', 'pt-BR'],
            heading: { en: 'Book a free class', es: 'Reserva una clase gratis', 'pt-BR': 'Agende uma aula grátis' },
            intro: { en: 'No card needed.', es: 'Sin tarjeta.', 'pt-BR': 'Sem cartão.' },
            fields: [
              { name: 'first_name', required: true, label: { 'pt-BR': 'Nome' } },
              { name: 'last_name', required: true, label: { 'pt-BR': 'Sobrenome' } },
              {
                name: 'email',
                required: true,
                label: { 'pt-BR': 'E-mail' },
                help: { en: 'We never share it.', es: 'Nunca lo compartimos.', 'pt-BR': 'Nunca compartilhamos.' },
                placeholder: { en: 'you@example.com', es: 'tu@ejemplo.com', 'pt-BR': 'voce@exemplo.com' },
              },
              {
                name: 'location',
                required: true,
                label: { en: 'Studio', es: 'Estudio', 'pt-BR': 'Estúdio' },
                options: [
                  { value: 'downtown', label: { en: 'Downtown', es: 'Centro', 'pt-BR': 'Centro' }, location: 'Downtown Studio #1' },
                  { value: 'uptown', label: { en: 'Uptown', es: 'Norte', 'pt-BR': 'Norte' }, location: 'Uptown', account: 'uptown' },
                ],
              },
              { name: 'campaign', custom: true, hidden: true, label: { en: 'Campaign', es: 'Campaña', 'pt-BR': 'Campanha' } },
              { name: 'age', custom: true, type: 'number', min: 16, max: 99, step: 1, label: { en: 'Age', es: 'Edad', 'pt-BR': 'Idade' } },
            ],
            consent: { email: { text: { en: 'Email me', es: 'Escríbeme', 'pt-BR': 'Me mande e-mail' } } },
            theme: { accentColor: '#0b6e4f', radius: '8px', dark: { accentColor: '#6fd3ad', accentTextColor: '#0b1f17' } },
            messages: { es: { retry: 'Otra vez' }, 'pt-BR': Object.fromEntries(Object.keys(en).map((key) => [key, `pt ${key}`])) },
          },
        },
        accounts: { uptown: { appId: 'app-uptown', apiKeyEnv: 'GLEANTAP_UPTOWN_API_KEY', secretKeyEnv: 'GLEANTAP_UPTOWN_SECRET_KEY' } },
      },
      env: { GLEANTAP_UPTOWN_API_KEY: 'uptown-key-canary', GLEANTAP_UPTOWN_SECRET_KEY: 'uptown-secret-canary' },
    });
  });
  afterAll(() => harness.close());

  const get = (query: string) => fetch(`${harness.proxy.url}/v1/forms/default${query}`, { headers: { origin: SITE_ORIGIN } });
  const definition = async (query: string) => {
    const response = await get(query);
    expect(response.status).toBe(200);
    return PublicFormDefinition.parse(await response.json());
  };

  it('answers the first locale when none is asked for, with every text resolved and the owner’s words in place', async () => {
    const body = await definition('');
    expect(body.locale).toBe('en');
    expect(body.messages).toEqual(en);
    expect(body.heading).toBe('Book a free class');
    expect(body.intro).toBe('No card needed.');
    expect(body.submitLabel).toBe(en.submit);
    expect(body.success.message).toBe(en.success);
    const email = body.fields.find((field) => field.name === 'email');
    expect(email).toMatchObject({ label: 'Email', help: 'We never share it.', placeholder: 'you@example.com' });
    expect(body.consent).toEqual([expect.objectContaining({ kind: 'email', text: 'Email me', required: false })]);
  });

  it('picks an exact tag first, then the primary language, case-insensitively', async () => {
    expect((await definition('?locale=PT-br,es')).locale).toBe('pt-BR');
    expect((await definition('?locale=es-MX,fr')).locale).toBe('es');
    // An exact match anywhere in the list beats a language match earlier in it.
    expect((await definition('?locale=es-MX,en')).locale).toBe('en');
    expect((await definition('?locale=fr,pt-PT')).locale).toBe('pt-BR');
    expect((await definition('?locale=fr,de')).locale).toBe('en');
  });

  it('ignores malformed tags, never an error', async () => {
    expect((await definition('?locale=%3Cscript%3E,es')).locale).toBe('es');
    expect((await definition(`?locale=${'x'.repeat(36)},es`)).locale).toBe('es');
    // Only the first 8 tags count.
    expect((await definition(`?locale=${'fr,'.repeat(8)}es`)).locale).toBe('en');
    expect((await definition('?locale=')).locale).toBe('en');
  });

  it('gives Spanish with the owner’s override, and a locale with no built-in catalogue from the forms file alone', async () => {
    const spanish = await definition('?locale=es');
    expect(spanish.messages).toEqual({ ...es, retry: 'Otra vez' });
    expect(spanish.fields.find((field) => field.name === 'location')?.options).toEqual([
      { value: 'downtown', label: 'Centro' },
      { value: 'uptown', label: 'Norte' },
    ]);
    const portuguese = await definition('?locale=pt-BR');
    expect(portuguese.messages.retry).toBe('pt retry');
    expect(portuguese.submitLabel).toBe('pt submit');
    expect(portuguese.fields.map((field) => field.label)).toEqual(['Nome', 'Sobrenome', 'E-mail', 'Estúdio', 'Campanha', 'Idade']);
  });

  it('carries hidden, prefill and number rules, and never a location string, account or app id', async () => {
    const response = await get('?locale=en');
    const text = await response.text();
    const body = PublicFormDefinition.parse(JSON.parse(text));
    expect(body.fields.find((field) => field.name === 'campaign')).toMatchObject({ hidden: true, required: false });
    expect(body.fields.find((field) => field.name === 'age')).toMatchObject({ type: 'number', min: 16, max: 99, step: 1 });
    for (const secret of ['Downtown Studio #1', 'app-uptown', 'GLEANTAP_UPTOWN', 'uptown-key-canary']) expect(text).not.toContain(secret);
  });

  it('carries the form’s whole stylesheet, built from its theme, so the widget ships no CSS', async () => {
    const body = await definition('');
    expect(body.css).toContain(':host{--gleantap-accent:#0b6e4f;--gleantap-radius:8px}');
    // The dark scheme follows the visitor by default, with the owner's dark colours over the built-in ones.
    expect(body.css).toContain('@media(prefers-color-scheme:dark){:host{--gleantap-accent:#6fd3ad;--gleantap-accent-text:#0b1f17;--gleantap-text:#ececec');
    expect(body.css).toContain('dialog::backdrop{');
    expect((await definition('?locale=es')).css).toBe(body.css);
  });

  it('carries a fresh token in every answer, so no browser or ETag may cache one', async () => {
    const [english, spanish, again] = await Promise.all([get('?locale=en'), get('?locale=es'), get('?locale=en-GB')]);
    for (const response of [english, spanish, again]) {
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('etag')).toBeNull();
    }
    const tokens = await Promise.all([english, spanish, again].map(async (response) => PublicFormDefinition.parse(await response.json()).token));
    for (const token of tokens) expect(token).toMatch(/^v1\.default\.[0-9a-z]+\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(new Set(tokens).size).toBe(3);
    expect(english.headers.get('vary') ?? '').not.toMatch(/accept-language/i);
  });
});

describe('a form with prefill from the URL', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      formsFile: { version: 1, forms: { default: { locales: ['en'], fields: [...NAMES, { name: 'email', required: true, prefill: 'url' }] } } },
    });
  });
  afterAll(() => harness.close());

  it('marks the field for the widget', async () => {
    const body = PublicFormDefinition.parse(await (await fetch(`${harness.proxy.url}/v1/forms/default`, { headers: { origin: SITE_ORIGIN } })).json());
    expect(body.fields.find((field) => field.name === 'email')).toMatchObject({ prefill: 'url' });
    expect(body.fields.find((field) => field.name === 'email')).not.toHaveProperty('hidden');
  });
});
