import { SITE_ORIGIN } from './harness.ts';

/** A forms file like an owner's: everything Gleantap-side decided by config. */
export const TRIAL_FORMS_FILE = {
  version: 1,
  defaults: {
    source: 'website',
    tagAction: 'add',
    type: 'prospect',
    status: 'active',
    phoneCountry: 'US',
    locales: ['en', 'es'],
    rateLimit: { perIp: { max: 100, windowSeconds: 600 }, perForm: { max: 1000, windowSeconds: 3600 } },
  },
  forms: {
    trial: {
      allowedOrigins: [SITE_ORIGIN],
      source: 'trial-landing-page',
      tags: ['trial', 'website'],
      location: 'Downtown',
      type: 'lead',
      status: 'non-member',
      fields: [
        { name: 'first_name', required: true },
        { name: 'last_name', required: true },
        { name: 'email', required: true },
        { name: 'phone' },
        { name: 'goal', type: 'select', custom: true, options: ['strength', 'weight loss'], label: { en: 'Your goal', es: 'Tu objetivo' } },
      ],
      consent: {
        sms: { mode: 'attribute', required: false, text: { en: 'Text me offers. Reply STOP to stop.', es: 'Envíame ofertas. Responde STOP para parar.' } },
        email: { required: false, text: { en: 'Email me news.', es: 'Envíame novedades.' } },
      },
      contextAttributes: { utm_source: 'utm_source', page_url: 'signup_page' },
    },
  },
} as const;
