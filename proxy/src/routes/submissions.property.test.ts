import fc from 'fast-check';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DEFAULT_TEST_FORMS_FILE, post, SITE_ORIGIN, startHarness } from '../testing/harness.ts';

const OPTIONAL_STANDARD = ['address', 'city', 'state', 'zip', 'dob', 'gender'] as const;
const CUSTOM_TYPES = ['text', 'textarea', 'email', 'tel', 'date', 'select'] as const;
const CONTEXT_KEYS = ['page_url', 'referrer', 'utm_source', 'utm_campaign', 'locale'] as const;

/** A valid form, as an owner could write it: first and last name required, email or phone required. */
const formArbitrary = fc.record({
  contactBy: fc.constantFrom('email', 'phone', 'both'),
  optional: fc.subarray([...OPTIONAL_STANDARD]).chain((names) => fc.tuple(...names.map((name) => fc.tuple(fc.constant(name), fc.boolean())))),
  custom: fc.array(fc.tuple(fc.constantFrom(...CUSTOM_TYPES), fc.boolean()), { maxLength: 3 }),
  consent: fc.record({ email: fc.boolean(), sms: fc.boolean() }),
  context: fc.subarray([...CONTEXT_KEYS]),
  userId: fc.boolean(),
}).map((shape) => {
  const email = shape.contactBy !== 'phone';
  const phone = shape.contactBy !== 'email';
  return {
    fields: [
      { name: 'first_name', required: true },
      { name: 'last_name', required: true },
      { name: 'email', required: email },
      { name: 'phone', required: phone },
      ...shape.optional.map(([name, required]) => ({ name, required })),
      ...shape.custom.map(([type, required], index) => ({
        name: `extra_${index}`, custom: true, type, required, label: { en: `Extra ${index}` }, ...(type === 'select' ? { options: ['one', 'two'] } : {}),
      })),
    ],
    locales: ['en'],
    ...(shape.consent.email || shape.consent.sms ? {
      consent: {
        ...(shape.consent.email ? { email: { text: { en: 'Email me news.' } } } : {}),
        ...(shape.consent.sms ? { sms: { mode: 'attribute', text: { en: 'Text me offers. Reply STOP to stop.' } } } : {}),
      },
    } : {}),
    contextAttributes: Object.fromEntries(shape.context.map((key) => [key, `ctx_${key}`])),
    ...(shape.userId && email ? { userId: 'email' } : {}),
  };
});

type FormShape = ReturnType<(typeof formArbitrary)['generate']>['value'];

const VALUES: Record<string, fc.Arbitrary<string>> = {
  text: fc.constantFrom('Ada', 'Zoë', 'José', '李', 'Ngozi 💪', 'O’Brien', 'Mary-Jane', 'عائشة'),
  textarea: fc.constantFrom('Mornings suit me best.', 'Knee injury last year; 💪 ready now.'),
  email: fc.tuple(fc.stringMatching(/^[a-z0-9]{1,20}$/), fc.constantFrom('example.com', 'Example.COM')).map(([local, host]) => `${local}@${host}`),
  tel: fc.constantFrom('(415) 555-2671', '+1 415-555-2671', '+14155552671'),
  date: fc.constantFrom('1990-01-31', '2000-02-29'),
  select: fc.constantFrom('one', 'two'),
  address: fc.constantFrom('1 Main St', 'Flat 2, 10 High Road'),
  city: fc.constantFrom('Springfield', 'São Paulo'),
  state: fc.constantFrom('CA', 'Île-de-France'),
  zip: fc.constantFrom('94110', 'SW1A 1AA'),
  gender: fc.constantFrom('female', 'male', 'non-binary'),
};
const STANDARD_TYPE: Record<string, string> = { first_name: 'text', last_name: 'text', email: 'email', phone: 'tel', dob: 'date' };

/** A valid submission for `form`: every required field, any optional ones, consent with the shown versions. */
function submissionFor(form: FormShape, versions: Readonly<Record<string, string>>): fc.Arbitrary<Record<string, unknown>> {
  const fieldArbitraries = form.fields.map((field) => {
    const type = 'type' in field && typeof field.type === 'string' ? field.type : STANDARD_TYPE[field.name] ?? field.name;
    const value = VALUES[type] ?? VALUES['text'] as fc.Arbitrary<string>;
    return field.required ? value.map((v) => [field.name, v] as const) : fc.option(value.map((v) => [field.name, v] as const), { nil: undefined });
  });
  return fc.record({
    id: fc.uuid({ version: 4 }),
    fields: fc.tuple(...fieldArbitraries).map((entries) => Object.fromEntries(entries.filter((entry) => entry !== undefined))),
    consent: fc.subarray(Object.keys(versions)).map((kinds) => Object.fromEntries(kinds.map((kind) => [kind, { granted: true, version: versions[kind] }]))),
    context: fc.record({
      page_url: fc.constantFrom('https://www.example-gym.com/join', 'https://www.example-gym.com/join?utm_source=ig#form'),
      utm_source: fc.constantFrom('instagram', 'newsletter'),
      locale: fc.constant('en'),
    }, { requiredKeys: [] }),
    hp: fc.constantFrom('', '', '', 'https://spam.example'),
  });
}

describe('no valid submission to a valid form ever gets a 5xx', () => {
  it('random valid forms, random valid submissions (honeypot filled or not): always 201 or 202', async () => {
    const shapes = fc.sample(formArbitrary, 8);
    const forms = Object.fromEntries(shapes.map((shape, index) => [`f${index}`, shape]));
    const harness = await startHarness({ formsFile: { ...DEFAULT_TEST_FORMS_FILE, outbox: { inlineBudgetMs: 200 }, forms } });
    onTestFinished(() => harness.close());
    const versions = await Promise.all(shapes.map(async (_shape, index) => {
      const definition = (await (await fetch(`${harness.proxy.url}/v1/forms/f${index}`, { headers: { origin: SITE_ORIGIN } })).json()) as { consent: Array<{ kind: string; version: string | Record<string, string> }> };
      // The version is given per locale; every form here is English only.
      return Object.fromEntries(definition.consent.map((item) => [item.kind, typeof item.version === 'string' ? item.version : item.version['en'] ?? '']));
    }));
    const cases = fc.integer({ min: 0, max: shapes.length - 1 }).chain((index) =>
      submissionFor(shapes[index] as FormShape, versions[index] ?? {}).map((body) => ({ formId: `f${index}`, body })));

    await fc.assert(fc.asyncProperty(cases, async ({ formId, body }) => {
      const response = await post(harness.proxy.url, body, { formId });
      const answer = { status: response.status, body: (await response.json()) as unknown };
      expect(answer, JSON.stringify({ formId, form: forms[formId] })).toEqual({ status: expect.toBeOneOf([201, 202]), body: { status: expect.any(String), id: body['id'] } });
    }), { numRuns: 80 });
  });
});
