/**
 * The rules `check-config` applies beyond the schema, in words, for docs/configuration.md. Kept beside
 * the generator so the documented rules change in the same commit as load-config's.
 */
export const CHECK_RULES = [
  'Every form declares `first_name` and `last_name` as required (Gleantap refuses a contact without them) and requires `email` or `phone` (Gleantap matches contacts on them).',
  "Self-check: for every form, a synthetic submission (every field filled, every consent box ticked, every context key present) goes through the same validator and contact builder as a real one, and the contact must satisfy Gleantap's newContact schema; a form that fails is refused by name.",
  'Standard fields are first_name, last_name, email, phone, address, city, state, zip, dob and gender; any other name needs `"custom": true`. A name one typo away from a standard field gets a "did you mean" instead. A custom name may not be a Gleantap standard key, `capture_submission_id`, `capture_accepted_at`, contain `_consent_`, be a prototype key, or be one of the widget\'s own inputs (`website`, `consent_email`, `consent_sms`, anything starting with `gleantap`). Field names are unique.',
  'A field with `options` is a select (standard text fields such as gender may become one); `"type": "select"` needs options and other types may not have them. `maxLength` may only lower the maximum (catalogue value; 256 for custom fields, 2000 for textarea).',
  'Every locale of a form needs a label for each field (standard fields have built-in en and es labels) and the text of each consent box. The submit label and success message fall back to `messages.<locale>.submit`/`success`, then to the built-in en and es texts.',
  "A consent box's `version` in each locale is the first 12 hex characters of the SHA-256 of that locale's exact text.",
  'Origins are exact and normalised (lower-case scheme and host, default port dropped, a bare trailing `/` ignored); `*`, `null`, paths, queries, fragments, user info and non-http(s) schemes are refused. Every form must end up with at least one origin.',
  '`userId` must name a declared, required field. SMS `"mode": "double-optin"` needs email and phone both required and `userId` set.',
  '`contextAttributes` may not target a reserved name, a custom field of the same form, or the target of another context key.',
  "An `account` names two different variables matching `^GLEANTAP_[A-Z0-9_]+$`, both set. The default account's three variables are required while any form has no `account`.",
  '`minTokenAge` is shorter than `maxTokenAge`; `outbox.backoff.baseMs` does not exceed `capMs`.',
  'The button text (`theme.accentTextColor`, default `#fff`) has a WCAG 2.x contrast of at least 4.5:1 against `theme.accentColor` (default `#1f5fd1`); the problem states the measured ratio. A translucent colour is composited as the browser would: text over the button, the button over `theme.backgroundColor`, and where the host page shows through, the worse of a white and a black page counts.',
  'An unknown key names the nearest known key ("did you mean …?"); a value of the wrong format says which formats are accepted.',
] as const;
