import { describe, expect, it } from 'vitest';
import type { ConfigProblem } from './config.ts';
import { loadConfig } from './load-config.ts';

const NAMES = [
  { name: 'first_name', required: true },
  { name: 'last_name', required: true },
  { name: 'email', required: true },
];

function problemsFor(file: unknown): readonly ConfigProblem[] {
  const result = loadConfig(
    { GLEANTAP_API_KEY: 'k', GLEANTAP_SECRET_KEY: 's', GLEANTAP_APP_ID: 'a', ALLOWED_ORIGINS: 'https://www.example.com', CAPTURE_CONFIG: 'f.json' },
    { readFile: () => JSON.stringify(file) },
  );
  return result.ok ? [] : result.problems;
}

describe('did you mean …?', () => {
  it('suggests the nearest known key at every level of the file', () => {
    const problems = problemsFor({
      version: 1,
      defauls: {},
      outbox: { inlineBudgetMS: 100 },
      forms: {
        trial: {
          fields: [...NAMES, { name: 'phone', requird: true }],
          contextAttributes: { utm_sorce: 'utm_source' },
          consent: { sms: { mode: 'attribute', text: { en: 'Text me.', es: 'Mensajes.' }, requried: true } },
          sucess: {},
        },
      },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'defauls', message: 'unknown key; did you mean "defaults"?' },
        { path: 'outbox.inlineBudgetMS', message: 'unknown key; did you mean "inlineBudgetMs"?' },
        { path: 'forms.trial.fields[3].requird', message: 'unknown key; did you mean "required"?' },
        { path: 'forms.trial.contextAttributes.utm_sorce', message: 'unknown key; did you mean "utm_source"?' },
        { path: 'forms.trial.consent.sms.requried', message: 'unknown key; did you mean "required"?' },
        { path: 'forms.trial.sucess', message: 'unknown key; did you mean "success"?' },
      ]),
    );
  });

  it('does not guess when nothing is close', () => {
    const problems = problemsFor({ version: 1, forms: { trial: { fields: NAMES, wallpaper: 'blue' } } });
    expect(problems).toEqual([{ path: 'forms.trial.wallpaper', message: 'unknown key' }]);
  });

  it('suggests first_name for frist_name instead of "custom": true', () => {
    const problems = problemsFor({ version: 1, forms: { trial: { fields: [{ name: 'frist_name', required: true }, ...NAMES.slice(1)] } } });
    expect(problems).toContainEqual({ path: 'forms.trial.fields[0].name', message: '"frist_name" is not a standard field; did you mean "first_name"?' });
    expect(problems.map((item) => item.message).join('\n')).not.toContain('"custom": true');
  });

  it('still offers "custom": true for a name that is no typo', () => {
    const problems = problemsFor({ version: 1, forms: { trial: { fields: [...NAMES, { name: 'favourite_class' }] } } });
    expect(problems).toEqual([{ path: 'forms.trial.fields[3].name', message: '"favourite_class" is not a standard field; add "custom": true to collect it as a custom attribute' }]);
  });
});
