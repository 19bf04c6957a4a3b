import { rmSync } from 'node:fs';
import { CONTEXT_KEYS, type ContextKey } from '@gleantap-capture/shared';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedForm } from '../config/config.ts';
import { loadConfig } from '../config/load-config.ts';
import { createLogger } from '../logging/create-logger.ts';
import { type RunningSandbox, startSandbox } from '../sandbox/start-sandbox.ts';
import { startProxy } from '../start-proxy.ts';
import { CANARY, post, SITE_ORIGIN, tempDataDir } from '../testing/harness.ts';

// Any forms file the loader accepts, and any submission its validator accepts, must end in
// 201 or 202 and a contact Gleantap takes: never a 5xx, never a lead lost after "thanks".
// One sandbox for the whole run; one proxy per generated forms file.

const RUNS = 40;
const FORM = 'random';
const LOCALES = ['en', 'es'] as const;
const both = (text: string) => ({ en: text, es: `${text} (es)` });
const many = { max: 1_000_000, windowSeconds: 600 };

type Presence = 'required' | 'optional' | 'absent';
const CUSTOM_TYPES = ['text', 'textarea', 'email', 'tel', 'date', 'select', 'checkbox', 'radio', 'multiselect', 'number'] as const;
const OPTION_TYPES: readonly string[] = ['select', 'radio', 'multiselect'];

const presence = fc.constantFrom<Presence>('required', 'optional', 'absent');
const OPTIONS = ['strength', 'weight loss', 'yoga & pilates', 'Zoë’s class'];

/** A form as an owner might write it; the arbitraries only ever produce what the rules allow. */
const formArb = fc
  .record({
    // Mostly what Gleantap requires, sometimes not: the loader, not the generator, decides
    // which forms may serve, and every form it accepts must keep every lead.
    firstName: fc.constantFrom<Presence>('required', 'required', 'optional', 'absent'),
    lastName: fc.constantFrom<Presence>('required', 'required', 'optional', 'absent'),
    email: presence,
    phone: presence,
    optional: fc.subarray(['address', 'city', 'state', 'zip', 'dob'] as const),
    gender: fc.constantFrom('absent', 'text', 'select'),
    custom: fc.array(fc.record({ type: fc.constantFrom(...CUSTOM_TYPES), required: fc.boolean() }), { maxLength: 6 }),
    emailConsent: fc.option(fc.boolean(), { nil: undefined }),
    smsConsent: fc.option(fc.record({ required: fc.boolean(), doubleOptin: fc.boolean() }), { nil: undefined }),
    userId: fc.constantFrom<'email' | 'phone' | undefined>('email', 'phone', undefined),
    context: fc.subarray([...CONTEXT_KEYS]),
    tags: fc.option(fc.subarray(['trial', 'web', 'vip'], { minLength: 1 }), { nil: undefined }),
    tagAction: fc.constantFrom('add', 'remove', undefined),
    type: fc.constantFrom('prospect', 'member', undefined),
    status: fc.constantFrom('active', undefined),
    // A fixed location, a studio picker (some studios on their own account), or neither.
    location: fc.constantFrom('Downtown', 'picker', undefined),
    pickerRequired: fc.boolean(),
    source: fc.constantFrom('landing', undefined),
    sendCreatedDate: fc.constantFrom(true, false, undefined),
    phoneCountry: fc.constantFrom('US', 'GB', undefined),
  })
  // Forms without email or phone have always been refused; generating them would only waste runs.
  .filter((form) => form.email === 'required' || form.phone === 'required');

type FormShape = typeof formArb extends fc.Arbitrary<infer T> ? T : never;

function formsFile(shape: FormShape): unknown {
  const fields: Record<string, unknown>[] = [];
  if (shape.firstName !== 'absent') fields.push({ name: 'first_name', required: shape.firstName === 'required' });
  if (shape.lastName !== 'absent') fields.push({ name: 'last_name', required: shape.lastName === 'required' });
  if (shape.email !== 'absent') fields.push({ name: 'email', required: shape.email === 'required' });
  if (shape.phone !== 'absent') fields.push({ name: 'phone', required: shape.phone === 'required' });
  for (const name of shape.optional) fields.push({ name });
  if (shape.gender === 'text') fields.push({ name: 'gender' });
  if (shape.gender === 'select') fields.push({ name: 'gender', options: ['female', 'male', 'non-binary'] });
  shape.custom.forEach(({ type, required }, index) => {
    fields.push({
      name: `custom_${index}_${type}`,
      custom: true,
      type,
      required,
      label: both(`Custom ${index}`),
      ...(OPTION_TYPES.includes(type) ? { options: type === 'radio' ? OPTIONS.map((value) => ({ value, label: both(value) })) : OPTIONS } : {}),
      ...(type === 'number' ? { min: -5, max: 120, step: 0.5 } : {}),
    });
  });
  if (shape.location === 'picker') fields.push({ name: 'location', required: shape.pickerRequired, label: both('Studio'), options: STUDIOS });
  const userId = shape.userId !== undefined && shape[shape.userId] === 'required' ? shape.userId : undefined;
  const doubleOptin = shape.smsConsent?.doubleOptin === true && shape.email === 'required' && shape.phone === 'required' && userId !== undefined;
  const consent = {
    ...(shape.emailConsent === undefined ? {} : { email: { required: shape.emailConsent, text: both('Email me news.') } }),
    ...(shape.smsConsent === undefined ? {} : { sms: { mode: doubleOptin ? 'double-optin' : 'attribute', required: shape.smsConsent.required, text: both('Text me. Reply STOP to stop.') } }),
  };
  const optional = (key: string, value: unknown) => (value === undefined ? {} : { [key]: value });
  return {
    version: 1,
    accounts: { uptown: { appId: 'app-uptown', apiKeyEnv: 'GLEANTAP_API_KEY', secretKeyEnv: 'GLEANTAP_SECRET_KEY' } },
    defaults: {
      allowedOrigins: [SITE_ORIGIN],
      minTokenAge: '0s',
      bots: { phone: { countries: ['US', 'GB'] } },
      rateLimit: { perIp: many, perForm: many, definitionPerIp: many },
      ...optional('sendCreatedDate', shape.sendCreatedDate),
    },
    forms: {
      [FORM]: {
        fields,
        ...(Object.keys(consent).length > 0 ? { consent } : {}),
        ...(shape.context.length > 0 ? { contextAttributes: Object.fromEntries(shape.context.map((key) => [key, `ctx_${key}`])) } : {}),
        ...optional('userId', userId),
        ...optional('tags', shape.tags),
        ...optional('tagAction', shape.tagAction),
        ...optional('type', shape.type),
        ...optional('status', shape.status),
        ...optional('location', shape.location === 'picker' ? undefined : shape.location),
        ...optional('source', shape.source),
        ...optional('phoneCountry', shape.phoneCountry),
      },
    },
  };
}

const STUDIOS = [
  { value: 'downtown', label: both('Downtown'), location: 'Downtown Studio' },
  { value: 'uptown', label: both('Uptown'), location: 'Uptown — 5th Ave', account: 'uptown' },
];

const NAMES = ['Ada', 'Zoë', "O'Brien", 'José María', '李雷', 'Ana-Lucía', 'Sam 😀', '  Grace  '];
const EMAILS = ['ada@example.com', 'Grace.Hopper+trial@Example.ORG', 'x@sub.example.co.uk'];
const PHONES = ['+1 415 555 2671', '+1-415-555-2671', '+44 20 7946 0958', '+14155552671'];
const TEXTS = ['Main St 1', 'Zoë', 'N/A', '12345', 'ünïcödé'];
const dateArb = fc
  .record({ year: fc.integer({ min: 1920, max: 2030 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) })
  .map(({ year, month, day }) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);

/** A value the form's validator accepts for a field of this type. */
function valueArb(type: string, options: readonly string[]): fc.Arbitrary<unknown> {
  switch (type) {
    case 'checkbox':
      return fc.boolean();
    case 'number':
      return fc.integer({ min: -10, max: 240 }).map((half) => half / 2);
    case 'multiselect':
      return fc.subarray([...options], { minLength: 1 });
    case 'email':
      return fc.constantFrom(...EMAILS);
    case 'tel':
      return fc.constantFrom(...PHONES);
    case 'date':
      return dateArb;
    case 'select':
    case 'radio':
    case 'location':
      return fc.constantFrom(...options);
    case 'textarea':
      return fc.constantFrom('One line', 'Two\nlines', 'Tabs\tand\r\nnewlines');
    default:
      return fc.constantFrom(...TEXTS);
  }
}

/** A submission body the form accepts, sometimes with a filled honeypot (a bot, answered like a lead). */
function submissionArb(form: ResolvedForm): fc.Arbitrary<Record<string, unknown>> {
  const fields = fc.record(
    Object.fromEntries(
      form.fields.map((field) => {
        const options = (field.options ?? []).map((option) => option.value);
        const value = field.name === 'first_name' || field.name === 'last_name' ? fc.constantFrom(...NAMES) : valueArb(field.type, options);
        // A required checkbox must be ticked; an optional one may be sent unticked.
        if (field.type === 'checkbox') return [field.name, field.required ? fc.constant(true) : fc.constantFrom(true, false, undefined)];
        return [field.name, field.required ? value : fc.oneof(value, fc.constant(''), fc.constant(undefined))];
      }),
    ),
  );
  const consent = fc.record(
    Object.fromEntries(
      form.consent.map((box) => [
        box.kind,
        fc.constantFrom(...(box.required ? [true] : [true, false])).chain((granted) => fc.constantFrom(...LOCALES).map((locale) => ({ granted, version: box.version[locale] }))),
      ]),
    ),
  );
  const context = fc.record(
    Object.fromEntries(
      CONTEXT_KEYS.map((key: ContextKey) => [
        key,
        fc.option(
          key === 'page_url' || key === 'referrer'
            ? fc.constantFrom('https://www.example-gym.com/trial?utm_source=x', 'https://search.example/')
            : key === 'locale'
              ? fc.constantFrom(...LOCALES)
              : fc.constantFrom('newsletter', 'spring sale'),
          { nil: undefined },
        ),
      ]),
    ),
    { requiredKeys: [] },
  );
  return fc.record({ fields, consent, context, hp: fc.constantFrom('', '', '', 'I am a bot') }).map(({ fields: values, consent: granted, context: ctx, hp }) => ({
    id: crypto.randomUUID(),
    fields: Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)),
    consent: granted,
    context: Object.fromEntries(Object.entries(ctx).filter(([, value]) => value !== undefined)),
    hp,
  }));
}

describe('random valid forms and valid submissions', () => {
  let sandbox: RunningSandbox;
  const logger = createLogger({ level: 'silent', secrets: [] });
  beforeAll(async () => {
    sandbox = await startSandbox({ apiKey: CANARY.apiKey, secretKey: CANARY.secretKey, host: '127.0.0.1', port: 0, logger });
  });
  afterAll(() => sandbox.close());

  it('answer 201 or 202, never 5xx, and every lead answered 201 is in Gleantap', async () => {
    const accepted = formArb
      .map((shape) => {
        const file = formsFile(shape);
        return { file, form: accept(file) };
      })
      .filter((candidate): candidate is { file: unknown; form: ResolvedForm } => candidate.form !== undefined);
    const run = fc.asyncProperty(
      accepted.chain(({ file, form }) => fc.tuple(fc.constant(file), fc.array(submissionArb(form), { minLength: 1, maxLength: 3 }))),
      async ([file, submissions]) => {
        const dataDir = tempDataDir();
        const result = loadConfig(env(dataDir), { readFile: () => JSON.stringify(file) });
        if (!result.ok) throw new Error(JSON.stringify(result.problems));
        const proxy = await startProxy(result.config, { logger, port: 0, host: '127.0.0.1' });
        try {
          for (const body of submissions) {
            const response = await post(proxy.url, body, { formId: FORM });
            const answer = await response.text();
            expect([201, 202], `${response.status} ${answer} for ${JSON.stringify(body)}`).toContain(response.status);
            if (response.status === 201 && body['hp'] === '') {
              const contacts = (await (await fetch(`${sandbox.url}/_sandbox/contacts`)).json()) as Array<Record<string, unknown>>;
              const contact = contacts.find((item) => item['capture_submission_id'] === body['id']);
              expect(contact).toBeDefined();
              // A picked studio's exact location string and account app id, never the option's value.
              const studio = STUDIOS.find((option) => option.value === (body['fields'] as Record<string, unknown>)['location']);
              if (studio) expect(contact).toMatchObject({ location: studio.location, app_id: studio.account === undefined ? CANARY.appId : 'app-uptown' });
            }
          }
        } finally {
          await proxy.close();
          rmSync(dataDir, { recursive: true, force: true });
        }
      },
    );
    await fc.assert(run, { numRuns: RUNS });
  }, 120_000);

  function env(dataDir: string): Record<string, string> {
    return {
      GLEANTAP_API_KEY: CANARY.apiKey,
      GLEANTAP_SECRET_KEY: CANARY.secretKey,
      GLEANTAP_APP_ID: CANARY.appId,
      GLEANTAP_BASE_URL: sandbox.url,
      CAPTURE_CONFIG: '/virtual/forms.json',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
    };
  }

  /** The resolved form when the loader accepts the file (check-config would say OK), else undefined. */
  function accept(file: unknown): ResolvedForm | undefined {
    const result = loadConfig(env('/tmp/unused'), { readFile: () => JSON.stringify(file) });
    return result.ok ? result.config.forms.get(FORM) : undefined;
  }
});
