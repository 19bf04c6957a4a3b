import { describe, expect, it } from 'vitest';
import type { ConfigProblem, ConfigResult, ResolvedForm } from './config.ts';
import { loadConfig } from './load-config.ts';

const KEYS = { GLEANTAP_API_KEY: 'key-default', GLEANTAP_SECRET_KEY: 'secret-default', GLEANTAP_APP_ID: 'app-default' };
const load = (file: unknown, env: Record<string, string> = {}): ConfigResult =>
  loadConfig({ ...KEYS, ALLOWED_ORIGINS: 'https://www.example.com', CAPTURE_CONFIG: './forms.json', ...env }, { readFile: () => JSON.stringify(file) });

function problemsOf(result: ConfigResult): readonly ConfigProblem[] {
  if (result.ok) throw new Error('expected problems, got a config');
  return result.problems;
}
function formOf(result: ConfigResult, id: string): ResolvedForm {
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const form = result.config.forms.get(id);
  if (!form) throw new Error(`no form ${id}`);
  return form;
}

const NAMES = [
  { name: 'first_name', required: true },
  { name: 'last_name', required: true },
];
const FIELDS = [...NAMES, { name: 'email', required: true }];
const both = (text: string) => ({ en: text, es: `${text} (es)` });
const STUDIOS = [
  { value: 'downtown', label: both('Downtown'), location: 'Downtown Studio' },
  { value: 'uptown', label: both('Uptown'), location: 'Uptown Studio', account: 'uptown' },
];

describe('defaults and extends', () => {
  it('merge fields by name (later wins, in place), consent per kind, theme by key, texts per locale per key', () => {
    const result = load({
      version: 1,
      defaults: {
        fields: FIELDS,
        consent: { email: { text: both('Email me') } },
        theme: { accentColor: '#005A9C', radius: '4px' },
        messages: { en: { retry: 'Again', close: 'Shut' } },
        heading: both('Join us'),
        success: { message: both('Thanks!') },
      },
      forms: {
        base: { tags: ['base'], fields: [{ name: 'phone' }], submitLabel: both('Go') },
        trial: {
          extends: 'base',
          fields: [{ name: 'email', required: false }, { name: 'phone', required: true }, { name: 'city' }],
          theme: { radius: '8px' },
          messages: { en: { retry: 'Try again' } },
          heading: { en: 'Book a free class' },
          consent: { sms: { mode: 'attribute', text: both('Text me') } },
        },
      },
    });
    const trial = formOf(result, 'trial');
    expect(trial.fields.map((field) => [field.name, field.required])).toEqual([
      ['first_name', true],
      ['last_name', true],
      ['email', false],
      ['phone', true],
      ['city', false],
    ]);
    expect(trial.tags).toEqual(['base']);
    expect(trial.submitLabel).toEqual(both('Go'));
    expect(trial.theme).toEqual({ accentColor: '#005A9C', radius: '8px' });
    expect(trial.messages['en']).toMatchObject({ retry: 'Try again', close: 'Shut' });
    expect(trial.heading).toEqual({ en: 'Book a free class', es: 'Join us (es)' });
    expect(trial.success.message).toEqual(both('Thanks!'));
    expect(trial.consent.map((box) => box.kind)).toEqual(['email', 'sms']);
    // The form it extends is itself merged with defaults only.
    expect(formOf(result, 'base').fields.map((field) => field.name)).toEqual(['first_name', 'last_name', 'email', 'phone']);
  });

  it('names an unknown form to extend, with a suggestion', () => {
    const problems = problemsOf(load({ version: 1, forms: { trial: { fields: FIELDS }, promo: { extends: 'trials' } } }));
    expect(problems).toContainEqual({ path: 'forms.promo.extends', message: 'no form "trials" to extend; did you mean "trial"?' });
  });

  it('gives one clear error per form caught in a cycle', () => {
    const problems = problemsOf(load({ version: 1, forms: { a: { extends: 'b', fields: FIELDS }, b: { extends: 'a' }, c: { extends: 'c' } } }));
    expect(problems.filter((item) => item.path.endsWith('.extends'))).toEqual([
      { path: 'forms.a.extends', message: '"a" → "b" → "a" is a cycle: a form cannot extend itself, directly or through others' },
      { path: 'forms.b.extends', message: '"b" → "a" → "b" is a cycle: a form cannot extend itself, directly or through others' },
      { path: 'forms.c.extends', message: '"c" → "c" is a cycle: a form cannot extend itself, directly or through others' },
    ]);
  });

  it('refuses a form that ends up with no fields', () => {
    expect(problemsOf(load({ version: 1, forms: { empty: {} } }))).toContainEqual({
      path: 'forms.empty.fields',
      message: 'no fields: list them here, in defaults.fields or in the form this one extends',
    });
  });
});

describe('the location field', () => {
  const env = { GLEANTAP_UPTOWN_KEY: 'k', GLEANTAP_UPTOWN_SECRET: 's' };
  const accounts = { uptown: { appId: 'app-up', apiKeyEnv: 'GLEANTAP_UPTOWN_KEY', secretKeyEnv: 'GLEANTAP_UPTOWN_SECRET' } };

  it('resolves each option to its location string and named account', () => {
    const form = formOf(load({ version: 1, accounts, forms: { trial: { fields: [...FIELDS, { name: 'location', label: both('Studio'), options: STUDIOS }] } } }, env), 'trial');
    expect(form.fields.at(-1)).toMatchObject({
      type: 'location',
      options: [
        { value: 'downtown', location: 'Downtown Studio' },
        { value: 'uptown', location: 'Uptown Studio', account: { appId: 'app-up', apiKeyEnv: 'GLEANTAP_UPTOWN_KEY', secretKeyEnv: 'GLEANTAP_UPTOWN_SECRET' } },
      ],
    });
    expect(form.location).toBeUndefined();
  });

  it('names every mistake: a fixed location too, an option without location, an unknown account, unset key variables', () => {
    const problems = problemsOf(
      load(
        {
          version: 1,
          accounts: { ...accounts, spare: { appId: 'x', apiKeyEnv: 'GLEANTAP_SPARE_KEY', secretKeyEnv: 'GLEANTAP_SPARE_SECRET' } },
          forms: {
            trial: {
              location: 'Downtown',
              fields: [...FIELDS, { name: 'location', label: both('Studio'), options: [{ value: 'a', location: 'A' }, { value: 'b' }, { value: 'c', location: 'C', account: 'uptwon' }] }],
            },
          },
        },
        env,
      ),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'accounts.spare.apiKeyEnv', message: 'GLEANTAP_SPARE_KEY is not set' },
        { path: 'forms.trial.fields[3].options[1].location', message: 'missing: the exact Gleantap location string this option stands for' },
        { path: 'forms.trial.fields[3].options[2].account', message: 'no account "uptwon" in accounts; did you mean "uptown"?' },
        { path: 'forms.trial.location', message: 'the form fixes location "Downtown" and also lets the visitor pick one (its "location" field): remove one of them' },
      ]),
    );
  });

  it('is never a custom field, and only its options lead to a location', () => {
    const problems = problemsOf(
      load({
        version: 1,
        forms: {
          trial: {
            fields: [
              ...FIELDS,
              { name: 'studio', custom: true, type: 'location', options: ['a'], label: both('S') },
              { name: 'goal', custom: true, type: 'radio', label: both('G'), options: [{ value: 'x', location: 'X' }] },
            ],
          },
        },
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'forms.trial.fields[3].type', message: 'the studio picker is the field named "location" (not a custom field): {"name":"location","options":[…]}' },
        { path: 'forms.trial.fields[4].options[0].location', message: 'only options of the location field lead to a location' },
      ]),
    );
  });
});

describe('field types, hidden and prefilled fields, and words', () => {
  it('names keys that do not fit the type', () => {
    const problems = problemsOf(
      load({
        version: 1,
        forms: {
          trial: {
            fields: [
              ...FIELDS,
              { name: 'age', custom: true, type: 'number', min: 10, max: 5, label: both('Age') },
              { name: 'nick', custom: true, min: 1, label: both('Nick') },
              { name: 'classes', custom: true, type: 'multiselect', options: ['yoga, spin', 'hiit'], label: both('Classes') },
              { name: 'promo', custom: true, hidden: true, required: true, label: both('Promo') },
              { name: 'agree', custom: true, type: 'checkbox', hidden: true, prefill: 'url', label: both('Agree') },
              { name: 'kind', custom: true, type: 'radio', label: both('Kind') },
            ],
          },
        },
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'forms.trial.fields[3].max', message: 'must not be less than min (5 < 10)' },
        { path: 'forms.trial.fields[4].min', message: 'only number fields have min (this one is "text")' },
        { path: 'forms.trial.fields[5].options[0].value', message: 'a multiselect option may not contain a comma: choices are sent comma-joined' },
        { path: 'forms.trial.fields[6].hidden', message: 'a hidden field cannot be required: a visitor could not fill it in when the embed leaves it out' },
        { path: 'forms.trial.fields[7].hidden', message: 'a checkbox field cannot be hidden: the embed passes text' },
        { path: 'forms.trial.fields[7].prefill', message: 'a checkbox field cannot be prefilled from the URL, which carries text' },
        { path: 'forms.trial.fields[8].options', message: 'a radio field needs options' },
      ]),
    );
  });

  it('needs help, placeholder, heading and intro in every locale once given', () => {
    const problems = problemsOf(
      load({ version: 1, forms: { trial: { heading: { en: 'Hi' }, intro: { es: 'Hola' }, fields: [...NAMES, { name: 'email', required: true, help: { en: 'h' }, placeholder: { es: 'p' } }] } } }),
    );
    expect(paths(problems)).toEqual(['forms.trial.fields[2].help.es', 'forms.trial.fields[2].placeholder.en', 'forms.trial.heading.es', 'forms.trial.intro.en']);
  });

  it('lists the messages a locale without a built-in catalogue still lacks', () => {
    const problems = problemsOf(
      load({
        version: 1,
        forms: {
          trial: {
            locales: ['en', 'fr'],
            fields: [...NAMES.map((field) => ({ ...field, label: { fr: 'Nom' } })), { name: 'email', required: true, label: { fr: 'Courriel' } }],
            messages: { fr: { retry: 'Réessayer' } },
          },
        },
      }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('forms.trial.messages.fr');
    expect(problems[0]?.message).toMatch(/^missing 23 of 24 messages \(built-in catalogues exist only for en and es\): required, too_long, /);
    expect(problems[0]?.message).not.toContain('retry');
  });
});

const paths = (problems: readonly ConfigProblem[]) => problems.map((item) => item.path);
