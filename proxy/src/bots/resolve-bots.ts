import type { BotsConfig, CaptchaProvider } from '@gleantap-capture/shared/config/bots.ts';
import { isSupportedCountry } from 'libphonenumber-js/max';
import type { ConfigProblem } from '../config/config.ts';
import { problem } from '../config/problems.ts';
import { BOT_DEFAULTS } from './bot-defaults.ts';
import { captchaHostnames } from './captcha.ts';
import type { JunkSettings } from './junk.ts';
import { type PhonePolicy, resolvePhonePolicy } from './phone-policy.ts';

/** A form's CAPTCHA with its defaults applied; the secret is looked up by `secretEnv` at start-up. */
export interface ResolvedCaptcha {
  readonly provider: CaptchaProvider;
  readonly siteKey: string;
  readonly secretEnv: string;
  readonly failOpen: boolean;
  readonly hostnames: ReadonlySet<string>;
}

/** A form's bot defences with every default applied: what the submission route works from. */
export interface ResolvedBots {
  readonly phone: PhonePolicy;
  readonly captcha: ResolvedCaptcha | undefined;
  readonly junk: JunkSettings;
}

/** What the bot settings need from the rest of the resolved form. */
export interface BotContext {
  readonly phoneCountry: string;
  /** Normalised exact origins (`https://www.example.com`). */
  readonly allowedOrigins: Iterable<string>;
}

/**
 * Applies defaults to a form's `bots` (the form's value for each setting, else the file
 * `defaults`' value, else BOT_DEFAULTS; a CAPTCHA is the form's or the defaults' as a whole) and
 * checks what the schema cannot: countries libphonenumber knows, and a CAPTCHA with host names to check. Token ages
 * are the form's `minTokenAge`/`maxTokenAge` (resolve-form.ts). `path` is the form's (`forms.trial`).
 */
export function resolveBots(form: BotsConfig | undefined, defaults: BotsConfig | undefined, context: BotContext, path: string, problems: ConfigProblem[]): ResolvedBots {
  const at = (owner: BotsConfig | undefined, key: string) => `${owner === form ? path : 'defaults'}.bots.${key}`;
  const phoneOwner = form?.phone?.countries !== undefined ? form : defaults?.phone?.countries !== undefined ? defaults : undefined;
  const phone = resolvePhonePolicy({ countries: phoneOwner?.phone?.countries, refuseTypes: form?.phone?.refuseTypes ?? defaults?.phone?.refuseTypes }, context.phoneCountry);
  for (const country of phone.countries) {
    if (!isSupportedCountry(country)) problems.push(problem(phoneOwner === undefined ? `${path}.phoneCountry` : at(phoneOwner, 'phone.countries'), `"${country}" is not a country with phone numbers`));
  }

  const captchaOwner = form?.captcha !== undefined ? form : defaults;
  const configured = captchaOwner?.captcha;
  let captcha: ResolvedCaptcha | undefined;
  if (configured !== undefined) {
    const hostnames = captchaHostnames(configured.hostnames, context.allowedOrigins);
    if (hostnames.size === 0) problems.push(problem(at(captchaOwner, 'captcha.hostnames'), 'name the host names the CAPTCHA is solved on: the form has no allowed origins to take them from'));
    captcha = Object.freeze({ provider: configured.provider, siteKey: configured.siteKey, secretEnv: configured.secretEnv, failOpen: configured.failOpen ?? false, hostnames });
  }

  const junk = (key: keyof JunkSettings): boolean => form?.junk?.[key] ?? defaults?.junk?.[key] ?? BOT_DEFAULTS.junk[key];
  return Object.freeze({
    phone,
    captcha,
    junk: Object.freeze({ disposableEmail: junk('disposableEmail'), linksInNames: junk('linksInNames'), sameValueEverywhere: junk('sameValueEverywhere') }),
  });
}
