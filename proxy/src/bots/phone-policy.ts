import type { PhoneBotConfig, PhoneType } from '@gleantap-capture/shared/config/bots.ts';
// The `max` metadata: the default (`min`) metadata cannot tell most countries' number types
// (Nigeria, France, Germany… come back undefined), so premium-rate numbers would pass unseen.
import { type NumberType, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { FrozenSet } from '../config/frozen.ts';
import { BOT_DEFAULTS } from './bot-defaults.ts';

/** Which numbers a form accepts, resolved from its `bots.phone` settings. */
export interface PhonePolicy {
  /** ISO 3166 alpha-2 countries whose numbers are accepted. */
  readonly countries: ReadonlySet<string>;
  readonly refuseTypes: ReadonlySet<PhoneType>;
}

/** `premium-rate` → `premium_rate`. */
type Snake<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}_${Snake<Tail>}` : S;

/** Why a number is refused (`premium_rate` …); each is answered as the field error `invalid_phone`. */
export type PhoneRefusal = 'invalid_number' | 'country_not_allowed' | Snake<PhoneType>;

export type PhoneVerdict = { readonly ok: true; readonly country: string; readonly type: PhoneType | undefined } | { readonly ok: false; readonly reason: PhoneRefusal };

/** The contract's field code for every refusal here: the visitor sees one message for all of them. */
export const PHONE_REFUSAL_CODE = 'invalid_phone';

/** A form's policy from its `bots.phone` settings (form's, else the file defaults') and its `phoneCountry`. */
export function resolvePhonePolicy(settings: PhoneBotConfig | undefined, phoneCountry: string): PhonePolicy {
  return Object.freeze({
    countries: new FrozenSet(settings?.countries ?? [phoneCountry]),
    refuseTypes: new FrozenSet<PhoneType>(settings?.refuseTypes ?? BOT_DEFAULTS.phone.refuseTypes),
  });
}

/** `PREMIUM_RATE` → `premium-rate`, the spelling of the forms file. */
const typeName = (type: NumberType): PhoneType | undefined => (type === undefined ? undefined : (type.toLowerCase().replaceAll('_', '-') as PhoneType));

/**
 * Checks an E.164 number (what the phone normaliser produced) against a form's policy, before
 * anything is stored: on a double-opt-in form every accepted number gets an SMS, and premium
 * and far-away numbers are how SMS pumping earns. The country comes from the number itself,
 * not its calling code (+1 is 25 countries); numbers of no country (+800, +882 satellite) are
 * never in an allow-list. A type libphonenumber cannot tell is not refused for its type.
 */
export function checkPhone(e164: string, policy: PhonePolicy): PhoneVerdict {
  const parsed = parsePhoneNumberFromString(e164);
  // The normaliser checks with the smaller metadata, which knows lengths only; the full
  // metadata knows which ranges are assigned, so a few numbers it passed are refused here.
  if (parsed === undefined || !parsed.isValid()) return { ok: false, reason: 'invalid_number' };
  const country = parsed.country;
  if (country === undefined || !policy.countries.has(country)) return { ok: false, reason: 'country_not_allowed' };
  const type = typeName(parsed.getType());
  if (type !== undefined && policy.refuseTypes.has(type)) return { ok: false, reason: type.replaceAll('-', '_') as Snake<PhoneType> };
  return { ok: true, country, type };
}
