import * as z from 'zod/mini';

const describe = z.describe;

// The same pattern as forms-file.ts's COUNTRY_PATTERN (bots.test.ts keeps them equal). Not
// imported from there: forms-file.ts imports this file, and a cycle would leave it undefined
// while this module evaluates. Token ages are the form's `minTokenAge`/`maxTokenAge`.
const COUNTRY = /^[A-Z]{2}$/;

/**
 * Number types libphonenumber-js's `getType()` tells apart (`PREMIUM_RATE` written
 * `premium-rate`). A number whose type it cannot tell is never refused for its type.
 */
export const PHONE_TYPES = ['premium-rate', 'shared-cost', 'personal-number', 'pager', 'uan', 'voicemail', 'voip', 'toll-free', 'fixed-line', 'mobile', 'fixed-line-or-mobile'] as const;
export const PhoneType = z.enum(PHONE_TYPES);
export type PhoneType = z.infer<typeof PhoneType>;

/** The CAPTCHA services a form can use. */
export const CaptchaProvider = z.enum(['turnstile', 'hcaptcha']);
export type CaptchaProvider = z.infer<typeof CaptchaProvider>;

/** A provider's public site key: Turnstile's `0x4AAA…`, hCaptcha's UUID. */
export const SITE_KEY_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;
/** The name of the environment variable holding a CAPTCHA secret. */
export const SECRET_ENV_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;
/** A lower-case DNS host name, as a CAPTCHA provider reports the page's host. */
export const HOSTNAME_PATTERN = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

export const PhoneBotConfig = z.strictObject({
  countries: z.optional(
    z
      .array(z.string().check(z.regex(COUNTRY)))
      .check(
        z.minLength(1),
        z.maxLength(250),
        describe(
          'ISO 3166 alpha-2 countries whose phone numbers are accepted (`["US", "CA"]`); a number from anywhere else is refused `invalid_phone`. Default: the form\'s `phoneCountry` only. Countries share calling codes (+1 is the US, Canada and the Caribbean), so the check is by country, not by code.',
        ),
      ),
  ),
  refuseTypes: z.optional(
    z
      .array(PhoneType)
      .check(
        z.maxLength(PHONE_TYPES.length),
        describe(
          'Number types refused `invalid_phone`, as libphonenumber tells them: premium-rate, shared-cost, personal-number, pager, uan, voicemail, voip, toll-free, fixed-line, mobile, fixed-line-or-mobile. Default `["premium-rate", "shared-cost", "personal-number", "pager", "uan", "voicemail"]`: numbers that cost the sender (SMS pumping) or reach no person. `[]` refuses none.',
        ),
      ),
  ),
});
export type PhoneBotConfig = z.infer<typeof PhoneBotConfig>;

export const CaptchaBotConfig = z.strictObject({
  provider: CaptchaProvider.check(describe('`turnstile` (Cloudflare Turnstile) or `hcaptcha`.')),
  siteKey: z.string().check(z.regex(SITE_KEY_PATTERN), describe("The provider's public site key; it is sent in the form definition.")),
  secretEnv: z
    .string()
    .check(z.regex(SECRET_ENV_PATTERN), describe("Name of the environment variable holding the provider's secret key (e.g. `TURNSTILE_SECRET_KEY`); the secret is never in this file.")),
  failOpen: z.optional(
    z
      .boolean()
      .check(
        describe(
          'Accept the submission when the provider cannot be asked (no answer within 3 s, or an error). Default false: refused, and the visitor can try again. A CAPTCHA the provider says is invalid is always refused.',
        ),
      ),
  ),
  hostnames: z.optional(
    z
      .array(z.string().check(z.regex(HOSTNAME_PATTERN)))
      .check(z.minLength(1), z.maxLength(100), describe("Host names the provider may report the CAPTCHA as solved on (`www.example-gym.com`). Default: the hosts of the form's allowed origins.")),
  ),
});
export type CaptchaBotConfig = z.infer<typeof CaptchaBotConfig>;

export const JunkBotConfig = z.strictObject({
  disposableEmail: z.optional(z.boolean().check(describe('Drop a submission whose email is at a disposable (throwaway) address domain or a subdomain of one. Default true.'))),
  linksInNames: z.optional(z.boolean().check(describe('Drop a submission whose first or last name holds a link (`http://`, `www.`, `example.com/…`) or markup (`<…>`). Default true.'))),
  sameValueEverywhere: z.optional(z.boolean().check(describe('Drop a submission that puts the same value in every filled text field (at least 3 of them). Default true.'))),
});
export type JunkBotConfig = z.infer<typeof JunkBotConfig>;

/** A form's bot defences beyond the honeypot. */
export const BotsConfig = z.strictObject({
  phone: z.optional(PhoneBotConfig.check(describe('Which phone numbers are accepted, against SMS pumping: checked before anything is stored.'))),
  captcha: z.optional(CaptchaBotConfig.check(describe('A CAPTCHA the visitor solves, verified once with the provider before the submission is stored. Default none.'))),
  junk: z.optional(
    JunkBotConfig.check(describe('Junk checks: a submission that fails one is answered like a lead but stored `dropped` with the reason, never sent; `outbox retry <id>` sends a false positive.')),
  ),
});
export type BotsConfig = z.infer<typeof BotsConfig>;
