import type { PhoneNormaliser } from '@gleantap-capture/shared';
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import { checkPhone, type PhonePolicy, type PhoneRefusal } from '../bots/phone-policy.ts';

/** A number as the form accepts it (E.164), or why it is refused. */
export type PhoneJudgement = { readonly ok: true; readonly e164: string } | { readonly ok: false; readonly reason: PhoneRefusal };

/**
 * Reads a visitor's number (without `+`, in the form's default country) and applies the form's
 * phone policy: countries and number types (SMS pumping, see bots/phone-policy.ts).
 */
export function judgePhone(value: string, defaultCountry: string, policy: PhonePolicy): PhoneJudgement {
  const parsed = parsePhoneNumberFromString(value, defaultCountry as CountryCode);
  if (!parsed?.isValid()) return { ok: false, reason: 'invalid_number' };
  const verdict = checkPhone(parsed.number, policy);
  return verdict.ok ? { ok: true, e164: parsed.number } : verdict;
}

/**
 * E.164 normalisation with libphonenumber-js: numbers written without `+` are read in the
 * form's default country. A number the policy refuses is not a number this form accepts: the
 * validator answers `invalid_phone` before anything is stored; the route asks `judgePhone` for
 * the reason it logs. This is the one rule where the proxy is stricter than the widget.
 */
export function createPhoneNormaliser(defaultCountry: string, policy: PhonePolicy): PhoneNormaliser {
  return (value) => {
    const judged = judgePhone(value, defaultCountry, policy);
    return judged.ok ? judged.e164 : null;
  };
}
