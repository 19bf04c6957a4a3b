/** What the owner decides for the e2e forms; tests check these arrive with every contact. */
export const OWNER = {
  appId: 'app_e2e_gym',
  source: 'e2e-website',
  tags: 'trial,website',
  location: 'Downtown',
  type: 'prospect',
  status: 'active',
} as const;

export const SMS_TEXT = {
  en: 'Text me class reminders and offers. Msg & data rates may apply. Reply STOP to stop. [Privacy policy](https://example.com/privacy)',
  es: 'Envíame recordatorios y ofertas por SMS. Pueden aplicarse tarifas. Responde STOP para parar. [Privacidad](https://example.com/privacy)',
} as const;

/** The two studios of the `studio` form: the option a visitor picks, the exact Gleantap location, and the account. */
export const STUDIOS = {
  downtown: { label: { en: 'Downtown — 120 River St', es: 'Centro — 120 River St' }, location: 'Riverside Downtown #1' },
  eastside: { label: { en: 'Eastside — 48 Mill Rd', es: 'Este — 48 Mill Rd' }, location: 'Riverside Eastside (Mill Rd)', account: 'eastside', appId: 'app_e2e_eastside' },
} as const;

/**
 * `studio`: a trial form with the studio picker (the eastside option sends to its own account),
 * words around it, a URL-prefilled email, a hidden campaign, and every new field type.
 */
function studioForm(allowedOrigins: readonly string[]): object {
  const both = (en: string, es: string) => ({ en, es });
  return {
    allowedOrigins,
    tags: ['trial', 'studio'],
    heading: both('Book a free class', 'Reserva una clase gratis'),
    intro: both('Your first class is on us.', 'Tu primera clase es gratis.'),
    fields: [
      {
        name: 'location',
        required: true,
        label: both('Which studio?', '¿Qué estudio?'),
        options: Object.entries(STUDIOS).map(([value, studio]) => ({ value, label: studio.label, location: studio.location, ...('account' in studio ? { account: studio.account } : {}) })),
      },
      { name: 'first_name', required: true },
      { name: 'last_name', required: true },
      { name: 'email', required: true, prefill: 'url', help: both('We never share it.', 'Nunca lo compartimos.') },
      { name: 'waiver', custom: true, type: 'checkbox', required: true, label: both('I accept the waiver', 'Acepto el descargo') },
      {
        name: 'goal',
        custom: true,
        type: 'radio',
        required: true,
        label: both('What brings you in?', '¿Qué te trae?'),
        options: [
          { value: 'strength', label: both('Getting stronger', 'Ganar fuerza') },
          { value: 'mobility', label: both('Moving better', 'Moverme mejor') },
        ],
      },
      {
        name: 'classes',
        custom: true,
        type: 'multiselect',
        label: both('Classes you like', 'Clases que te gustan'),
        options: [
          { value: 'yoga', label: both('Yoga', 'Yoga') },
          { value: 'spin', label: both('Spin', 'Spin') },
          { value: 'boxing', label: both('Boxing', 'Boxeo') },
        ],
      },
      { name: 'age', custom: true, type: 'number', min: 16, max: 99, label: both('Age', 'Edad') },
      { name: 'campaign', custom: true, hidden: true, label: both('Campaign', 'Campaña') },
    ],
    submitLabel: both('Book my class', 'Reservar mi clase'),
  };
}

/**
 * The forms file of the e2e proxy: `trial` as an owner would write it (allowed only from the
 * given origins), limits high enough for a suite that submits many times from 127.0.0.1 (and no
 * minimum token age), a quick backoff so a healed sandbox gets its queued lead within a second
 * or two, and `guarded`: the same form with the default 2 s minimum token age.
 */
export function e2eFormsFile(allowedOrigins: readonly string[]): unknown {
  const many = { max: 100_000, windowSeconds: 600 };
  return withForcedSchemes({
    version: 1,
    defaults: {
      source: OWNER.source,
      type: OWNER.type,
      status: OWNER.status,
      tagAction: 'add',
      phoneCountry: 'US',
      locales: ['en', 'es'],
      minTokenAge: '0s',
      rateLimit: { perIp: many, perForm: many, definitionPerIp: many },
    },
    outbox: { inlineBudgetMs: 1500, backoff: { baseMs: 100, capMs: 500 } },
    accounts: { eastside: { appId: STUDIOS.eastside.appId, apiKeyEnv: 'GLEANTAP_EASTSIDE_API_KEY', secretKeyEnv: 'GLEANTAP_EASTSIDE_SECRET_KEY' } },
    forms: {
      studio: studioForm(allowedOrigins),
      trial: {
        allowedOrigins,
        tags: OWNER.tags.split(','),
        location: OWNER.location,
        fields: [
          { name: 'first_name', required: true },
          { name: 'last_name', required: true },
          { name: 'email', required: true },
          { name: 'phone' },
          { name: 'goal', type: 'select', custom: true, options: ['strength', 'weight loss'], label: { en: 'Your goal', es: 'Tu objetivo' } },
        ],
        consent: { sms: { mode: 'attribute', required: false, text: SMS_TEXT } },
        contextAttributes: { utm_source: 'utm_source', page_url: 'signup_page' },
      },
      // The trial form with the production minimum token age: the widget must wait it out.
      guarded: { extends: 'trial', minTokenAge: '2s' },
    },
  });
}

/** Adds `trial-light` and `trial-dark`: `trial` with the owner forcing its colour scheme (the dark-mode spec). */
function withForcedSchemes<File extends { forms: { trial: object } }>(file: File): File {
  const forms: Record<string, object> = file.forms;
  forms['trial-light'] = { ...file.forms.trial, theme: { colorScheme: 'light' } };
  forms['trial-dark'] = { ...file.forms.trial, theme: { colorScheme: 'dark' } };
  return file;
}
