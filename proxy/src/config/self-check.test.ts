import { describe, expect, it } from 'vitest';
import { TRIAL_FORMS_FILE } from '../testing/trial-forms-file.ts';
import { loadConfig } from './load-config.ts';

const ENV = {
  GLEANTAP_API_KEY: 'k',
  GLEANTAP_SECRET_KEY: 's',
  GLEANTAP_APP_ID: 'app-1',
  ALLOWED_ORIGINS: 'https://www.example.com',
  CAPTURE_CONFIG: 'forms.json',
};
const NAMES = [
  { name: 'first_name', required: true },
  { name: 'last_name', required: true },
];

const load = (forms: Record<string, unknown>) => loadConfig(ENV, { readFile: () => JSON.stringify({ version: 1, forms }) });

describe('the start-up self-check', () => {
  it('accepts a form with every field type, both consent kinds and every context attribute', () => {
    const result = load({
      ...TRIAL_FORMS_FILE.forms,
      full: {
        fields: [
          ...NAMES,
          { name: 'email', required: true },
          { name: 'phone' },
          { name: 'dob' },
          { name: 'gender', options: ['female', 'male'] },
          { name: 'notes', custom: true, type: 'textarea', label: { en: 'Notes', es: 'Notas' } },
          { name: 'start', custom: true, type: 'date', label: { en: 'Start', es: 'Inicio' } },
          { name: 'work_email', custom: true, type: 'email', label: { en: 'Work', es: 'Trabajo' } },
        ],
        consent: { email: { text: { en: 'Email me.', es: 'Escríbeme.' } }, sms: { mode: 'attribute', text: { en: 'Text me.', es: 'Mensajes.' } } },
        contextAttributes: { page_url: 'signup_page', referrer: 'signup_referrer', utm_source: 'utm_source', locale: 'signup_locale' },
        userId: 'email',
        sendCreatedDate: true,
      },
    });
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('refuses, naming the form, one that no valid visitor could ever submit', () => {
    const result = load({
      fine: { fields: [...NAMES, { name: 'email', required: true }] },
      tiny: { fields: [...NAMES, { name: 'email', required: true, maxLength: 5 }] },
    });
    expect(result.ok ? [] : result.problems).toEqual([
      { path: 'forms.tiny', message: "self-check: no valid submission can be built for this form (email: too_long); check these fields' maxLength, options, min, max and step" },
    ]);
  });
});
