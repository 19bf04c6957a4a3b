import type { FormConfig } from '@gleantap-capture/shared';
import { deepFreeze } from './frozen.ts';

/** What every form gets when neither it nor the file's `defaults` says otherwise (docs/configuration.md). */
export const FORM_DEFAULTS = deepFreeze({
  source: 'website',
  tagAction: 'add',
  sendCreatedDate: false,
  rateLimit: {
    perIp: { max: 30, windowSeconds: 600 },
    perForm: { max: 500, windowSeconds: 3600 },
    definitionPerIp: { max: 120, windowSeconds: 600 },
    exemptIps: [],
  },
  phoneCountry: 'US',
  locales: ['en', 'es'],
  minTokenAge: '2s',
  maxTokenAge: '24h',
} as const);

/** Delivery queue settings when the file has no `outbox` (or leaves a key out). */
export const OUTBOX_DEFAULTS = deepFreeze({
  inlineBudgetMs: 3000,
  backoff: { baseMs: 1000, capMs: 900_000 },
  deadAfter: '7d',
  alertAfter: '15m',
  retainDelivered: '30d',
  retainDead: '90d',
  concurrency: 4,
} as const);

/** The id of the one form served when CAPTURE_CONFIG is not set. */
export const DEFAULT_FORM_ID = 'default';

/** The form served when CAPTURE_CONFIG is not set. */
export const DEFAULT_FORM: FormConfig = deepFreeze({
  fields: [
    { name: 'first_name', required: true },
    { name: 'last_name', required: true },
    { name: 'email', required: true },
    { name: 'phone', required: false },
  ],
});

/** The variables of the default account, used by every form without an `account`. */
export const DEFAULT_ACCOUNT_ENV = deepFreeze({
  appId: 'GLEANTAP_APP_ID',
  apiKeyEnv: 'GLEANTAP_API_KEY',
  secretKeyEnv: 'GLEANTAP_SECRET_KEY',
} as const);
