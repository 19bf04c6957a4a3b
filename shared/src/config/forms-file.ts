import * as z from 'zod/mini';
import { FieldType } from '../fields/field-types.ts';
import { TagAction } from '../gleantap/new-contact.ts';
import { PartialMessages } from '../messages/messages.ts';
import { AttributeName, FIELD_NAME_PATTERN, FormId, KEY_ENV_PATTERN, Locale } from '../names.ts';
import { ContextKeyEnum } from '../submission.ts';
import { AlertsConfig } from './alerts.ts';
import { BotsConfig } from './bots.ts';
import { Theme } from './theme.ts';

const describe = z.describe;
const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const LocalizedConfigText = z.record(Locale, text(2000));
/** `0s`, `30s`, `15m`, `24h`, `7d`. */
export const DURATION_PATTERN = /^(0|[1-9][0-9]{0,5})(s|m|h|d)$/;
/** An https URL to open after success. */
export const REDIRECT_URL_PATTERN = /^https:\/\/[^\s]+$/;
/** An ISO 3166 alpha-2 country code. */
export const COUNTRY_PATTERN = /^[A-Z]{2}$/;
const Duration = z.string().check(z.regex(DURATION_PATTERN));
/** A duration that must not be zero (ages after which something happens to stored leads). */
const PositiveDuration = z.string().check(
  z.regex(DURATION_PATTERN),
  z.refine((value) => !value.startsWith('0'), { error: 'must be longer than 0' }),
);

const Window = z.strictObject({
  max: z.int().check(z.minimum(1), z.maximum(1_000_000), describe('Requests allowed per window.')),
  windowSeconds: z.int().check(z.minimum(1), z.maximum(86_400), describe('Window length in seconds.')),
});

export const RateLimitConfig = z.strictObject({
  perIp: z.optional(Window.check(describe('Submissions per client IP (IPv6 grouped by /56) per form. Default 30 per 600 s: a front desk or an event on shared Wi-Fi sends many from one address.'))),
  perForm: z.optional(
    Window.check(
      describe(
        'Submissions per form from all clients together; only submissions whose fields validated count, so invalid requests cannot close a form. Default 500 per 3600 s. Reaching it logs one error line per form at most once a minute.',
      ),
    ),
  ),
  definitionPerIp: z.optional(Window.check(describe('Form definition reads per client IP per form. Default 120 per 600 s.'))),
  exemptIps: z.optional(
    z
      .array(z.string().check(z.minLength(1), z.maxLength(64)))
      .check(
        z.maxLength(1000),
        describe(
          "Client addresses and CIDR ranges, IPv4 or IPv6 (e.g. `203.0.113.7`, `198.51.100.0/24`, `2001:db8:5::/48`), that the per-IP limits never refuse: a front-desk tablet, the studio's own network. The per-form cap still counts them. A form's list replaces the one in `defaults`.",
        ),
      ),
  ),
});
export type RateLimitConfig = z.infer<typeof RateLimitConfig>;

/** Settings every form inherits unless it sets its own. */
const inheritable = {
  source: z.optional(text(100).check(describe('Gleantap `source` sent with every contact. Default `website`.'))),
  tags: z.optional(
    z.array(text(64).check(z.refine((tag) => !tag.includes(','), { error: 'a tag may not contain a comma' }))).check(z.maxLength(50), describe('Tags sent as Gleantap `tags` (comma-joined).')),
  ),
  tagAction: z.optional(TagAction.check(describe('Gleantap `tag_action`: `add` or `remove`. Default `add`.'))),
  type: z.optional(text(64).check(describe("Gleantap contact `type` (member, past, prospect…). Sent only when set here: on an update it overwrites the contact's type. No default."))),
  status: z.optional(text(64).check(describe("Gleantap contact `status` (active, inactive, non-member…). Sent only when set here: on an update it overwrites the contact's status. No default."))),
  location: z.optional(text(200).check(describe("Gleantap `location`. Sent only when set here: on an update it overwrites the contact's location. No default."))),
  sendCreatedDate: z.optional(
    z
      .boolean()
      .check(
        describe(
          "Also send Gleantap `created_date`: the time the proxy accepted the lead, as `YYYY-MM-DD HH:MM:SS` in UTC. On an update Gleantap may overwrite an existing contact's date with it. Default false (the time always goes as the custom attribute `capture_accepted_at`).",
        ),
      ),
  ),
  allowedOrigins: z.optional(
    z.array(z.string()).check(z.maxLength(100), describe('Exact origins (scheme://host[:port], no path, no `*`) allowed to load and post this form. Replaces `ALLOWED_ORIGINS`.')),
  ),
  rateLimit: z.optional(RateLimitConfig.check(describe('Rate limits; each window is `{max, windowSeconds}`.'))),
  phoneCountry: z.optional(z.string().check(z.regex(COUNTRY_PATTERN), describe('ISO 3166 country for phone numbers written without `+`. Default `US`.'))),
  locales: z.optional(z.array(Locale).check(z.minLength(1), z.maxLength(20), describe('Locales the form is offered in; the first is the fallback. Default `["en", "es"]`.'))),
  minTokenAge: z.optional(
    Duration.check(
      describe(
        'Youngest form token accepted: a form filled faster than this is refused `invalid_token` (the widget waits it out itself, so a visitor never sees it). `0s` turns the check off, for tests and benchmarks. Default `2s`.',
      ),
    ),
  ),
  maxTokenAge: z.optional(Duration.check(describe('Oldest form token accepted (the widget fetches a fresh one for a page left open longer, and once more after an `invalid_token`). Default `24h`.'))),
  bots: z.optional(
    BotsConfig.check(
      describe(
        'Bot defences beyond the honeypot and the form token: phone countries and types, an optional CAPTCHA, junk checks. Each key set here replaces the `defaults` one; a CAPTCHA as a whole.',
      ),
    ),
  ),
};

/** A name in the file's `accounts` block. */
export const ACCOUNT_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const AccountName = z.string().check(z.regex(ACCOUNT_NAME_PATTERN));

/** One choice of a field: the value sent, its label per locale, and for `location` where it leads. */
export const OptionConfig = z.strictObject({
  value: text(200).check(describe('The value the widget submits; never shown.')),
  label: z.optional(LocalizedConfigText.check(describe('The text shown per locale. Default: the value itself.'))),
  location: z.optional(text(200).check(describe('Location fields only: the exact Gleantap `location` string sent when the visitor picks this option.'))),
  account: z.optional(AccountName.check(describe('Location fields only: a name in `accounts`; contacts who pick this option go to that Gleantap account (its app id and keys).'))),
});
export type OptionConfig = z.infer<typeof OptionConfig>;

export const FieldConfig = z.strictObject({
  name: z
    .string()
    .check(
      z.regex(FIELD_NAME_PATTERN),
      describe(
        'A standard Gleantap field (first_name, last_name, email, phone, address, city, state, zip, dob, gender), `location` (the "which studio?" picker), or, with `custom: true`, a custom attribute name.',
      ),
    ),
  required: z.optional(z.boolean().check(describe('The visitor must fill it in (a checkbox: tick it). Default false.'))),
  custom: z.optional(z.boolean().check(describe('A custom attribute rather than a standard Gleantap field.'))),
  type: z.optional(
    FieldType.check(
      describe(
        'Input type of a custom field: text, textarea, email, tel, date, select, checkbox (sent as a boolean), radio, multiselect (sent comma-joined), number (sent as a number). `location` is the type of the `location` field. Default text, or select when options are given.',
      ),
    ),
  ),
  label: z.optional(LocalizedConfigText.check(describe('Label per locale; standard fields have built-in labels.'))),
  help: z.optional(LocalizedConfigText.check(describe('Help text shown under the input, per locale.'))),
  placeholder: z.optional(LocalizedConfigText.check(describe('Placeholder inside the input, per locale (never a substitute for the label).'))),
  options: z.optional(
    z
      .array(z.union([text(200), OptionConfig]))
      .check(
        z.minLength(1),
        z.maxLength(100),
        describe('Choices of a select, radio, multiselect or location field: a plain value (shown as it is) or `{value, label, location?, account?}`. A location field needs objects with `location`.'),
      ),
  ),
  maxLength: z.optional(z.int().check(z.minimum(1), z.maximum(2000), describe('Lower the catalogue maximum length.'))),
  min: z.optional(z.number().check(describe('Number fields: the smallest value accepted.'))),
  max: z.optional(z.number().check(describe('Number fields: the largest value accepted.'))),
  step: z.optional(z.number().check(z.positive(), describe('Number fields: accepted values are `min` (or 0) plus a whole number of steps; `1` means whole numbers.'))),
  hidden: z.optional(
    z.boolean().check(describe('Not shown: the value comes from the embed (`data-field-<name>` on the script tag or mount point, `fields` in `mount()`/`open()`) and is validated like any other.')),
  ),
  prefill: z.optional(z.literal('url').check(describe("`url`: the widget fills the initial value from the page URL's query parameter with the field's name."))),
});
export type FieldConfig = z.infer<typeof FieldConfig>;

const ConsentText = z.strictObject({
  required: z.optional(z.boolean().check(describe('The box must be ticked to submit. Default false.'))),
  text: LocalizedConfigText.check(describe('The exact consent text per locale; `[label](https://…)` makes a link.')),
});

export const ConsentConfig = z.strictObject({
  email: z.optional(ConsentText.check(describe('Email marketing consent.'))),
  sms: z.optional(
    z
      .strictObject({
        ...ConsentText.shape,
        mode: z.enum(['attribute', 'double-optin']).check(describe('`attribute` sends `optin_sms: true`; `double-optin` makes Gleantap send a confirmation SMS.')),
      })
      .check(describe('SMS marketing consent.')),
  ),
});
export type ConsentConfig = z.infer<typeof ConsentConfig>;

export const AccountConfig = z.strictObject({
  appId: text(200).check(describe('Gleantap app id for this form.')),
  apiKeyEnv: z.string().check(z.regex(KEY_ENV_PATTERN), describe('Name of the environment variable holding the API key.')),
  secretKeyEnv: z.string().check(z.regex(KEY_ENV_PATTERN), describe('Name of the environment variable holding the secret key.')),
});
export type AccountConfig = z.infer<typeof AccountConfig>;

/** What `defaults` and `extends` can share besides the inheritable settings; merged as docs/configuration.md says. */
const shareable = {
  fields: z.optional(
    z
      .array(FieldConfig)
      .check(
        z.minLength(1),
        z.maxLength(50),
        describe('The inputs, in order. Merged by name with what the form inherits (`defaults`, then `extends`): a field of the same name replaces the inherited one in its place; new ones follow.'),
      ),
  ),
  consent: z.optional(ConsentConfig.check(describe("Consent checkboxes (unticked by default). Merged per kind: a form's `sms` replaces an inherited `sms`."))),
  success: z.optional(
    z
      .strictObject({
        message: z.optional(LocalizedConfigText.check(describe('Shown after a successful submission.'))),
        redirectUrl: z.optional(z.nullable(z.string().check(z.regex(REDIRECT_URL_PATTERN), describe('https URL to open after success instead of the message.')))),
      })
      .check(describe('What the visitor sees after submitting. The message merges per locale.')),
  ),
  heading: z.optional(LocalizedConfigText.check(describe("Heading above the form per locale (the popup's title and accessible name). Merged per locale."))),
  intro: z.optional(LocalizedConfigText.check(describe('Introductory text under the heading per locale. Merged per locale.'))),
  submitLabel: z.optional(LocalizedConfigText.check(describe('Button text per locale. Merged per locale.'))),
  messages: z.optional(
    z
      .record(Locale, PartialMessages)
      .check(
        describe(
          'Overrides of built-in widget messages per locale, merged per locale per key. A locale with no built-in catalogue (built in: en, es) needs every message here; check-config lists the missing ones.',
        ),
      ),
  ),
  theme: z.optional(Theme.check(describe('Typed theme values (colours, lengths, fonts). Merged key by key.'))),
};

export const FormConfig = z.strictObject({
  ...inheritable,
  ...shareable,
  extends: z.optional(FormId.check(describe('The id of another form whose settings this one starts from (before its own); chains are allowed, cycles are not.'))),
  contextAttributes: z.optional(z.partialRecord(ContextKeyEnum, AttributeName).check(describe('Maps context keys (page_url, referrer, utm_*, locale) to custom attribute names.'))),
  userId: z.optional(z.enum(['email', 'phone']).check(describe('Sends this field as Gleantap `user_id`; required for SMS double opt-in.'))),
  account: z.optional(AccountConfig.check(describe('A Gleantap account other than the default one from the environment.'))),
});
export type FormConfig = z.infer<typeof FormConfig>;

export const OutboxConfig = z.strictObject({
  inlineBudgetMs: z.optional(z.int().check(z.minimum(0), z.maximum(15_000), describe('How long a visitor waits for the first delivery attempt before getting `202 queued`. Default 3000.'))),
  backoff: z.optional(
    z
      .strictObject({
        baseMs: z.optional(z.int().check(z.minimum(10), z.maximum(3_600_000), describe('First retry delay. Default 1000.'))),
        capMs: z.optional(z.int().check(z.minimum(10), z.maximum(86_400_000), describe('Largest retry delay. Default 900000.'))),
      })
      .check(describe('Exponential backoff with full jitter.')),
  ),
  deadAfter: z.optional(PositiveDuration.check(describe('Give up and dead-letter (`expired`) after this age. Default `7d`.'))),
  alertAfter: z.optional(
    PositiveDuration.check(
      describe(
        'Log one `error` line when the oldest lead still waiting for delivery has waited longer than this (repeated at most every 5 minutes while it lasts, and one `info` line when it clears); `/healthz/delivery` answers 503 meanwhile. Default `15m` (the shipped Prometheus alert rule assumes it).',
      ),
    ),
  ),
  retainDelivered: z.optional(PositiveDuration.check(describe("Erase delivered leads' personal data after this age. Default `30d`."))),
  retainDead: z.optional(
    PositiveDuration.check(
      describe(
        "Erase dead leads' personal data this long after they died (their ids, outcomes and times stay; `outbox retry` can no longer resend them). A `warn` line at most once a day names how many will be erased within the next 7 days. Default `90d`.",
      ),
    ),
  ),
  concurrency: z.optional(z.int().check(z.minimum(1), z.maximum(64), describe('Deliveries the worker runs at once. Default 4.'))),
});
export type OutboxConfig = z.infer<typeof OutboxConfig>;

/** The forms file named by `CAPTURE_CONFIG`. */
export const FormsFile = z.strictObject({
  version: z.literal(1).check(describe('Always 1.')),
  defaults: z.optional(
    z.strictObject({ ...inheritable, ...shareable }).check(describe('Values every form inherits unless it sets its own; fields, consent, texts, theme and success merge as described on each key.')),
  ),
  accounts: z.optional(
    z.record(AccountName, AccountConfig).check(describe('Named Gleantap accounts (`[a-z0-9][a-z0-9_-]*`) that location options send contacts to, e.g. one app id and key pair per studio.')),
  ),
  outbox: z.optional(OutboxConfig.check(describe('Delivery queue settings.'))),
  alerts: z.optional(
    AlertsConfig.check(
      describe('Alerts to people: webhooks (generic JSON or Slack-compatible) told about dead letters, delivery degraded and recovered, and keys refused. Followed on reload (SIGHUP).'),
    ),
  ),
  forms: z.record(FormId, FormConfig).check(describe('Forms by id (`^[a-z0-9][a-z0-9_-]{0,63}$`).')),
});
export type FormsFile = z.infer<typeof FormsFile>;
