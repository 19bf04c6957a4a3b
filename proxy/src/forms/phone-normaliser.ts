import type { PhoneNormaliser } from '@gleantap-capture/shared';
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * E.164 normalisation with libphonenumber-js: numbers written without `+` are read in the
 * form's default country. This is the one rule where the proxy is stricter than the widget.
 */
export function createPhoneNormaliser(defaultCountry: string): PhoneNormaliser {
  const country = defaultCountry as CountryCode;
  return (value) => {
    const parsed = parsePhoneNumberFromString(value, country);
    return parsed?.isValid() ? parsed.number : null;
  };
}
