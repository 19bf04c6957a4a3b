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

/**
 * The forms file of the e2e proxy: `trial` as an owner would write it (allowed only from the
 * given origins), limits high enough for a suite that submits many times from 127.0.0.1 (and no
 * minimum token age), a quick backoff so a healed sandbox gets its queued lead within a second
 * or two, and `guarded`: the same form with the default 2 s minimum token age.
 */
export function e2eFormsFile(allowedOrigins: readonly string[]): unknown {
  const many = { max: 100_000, windowSeconds: 600 };
  return {
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
    forms: {
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
  };
}
