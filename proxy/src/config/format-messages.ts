import {
  ATTRIBUTE_NAME_PATTERN,
  COLOR_PATTERN,
  COUNTRY_PATTERN,
  DURATION_PATTERN,
  FIELD_NAME_PATTERN,
  FONT_LIST_PATTERN,
  FORM_ID_PATTERN,
  KEY_ENV_PATTERN,
  LENGTH_PATTERN,
  LOCALE_PATTERN,
  REDIRECT_URL_PATTERN,
} from '@gleantap-capture/shared';

/**
 * What an owner should write instead, for each pattern the forms file uses. A regular
 * expression is a fine contract and a poor message: "must match /^(#[0-9a-fA-F]{3,4}|…/"
 * tells a studio owner nothing about `#1f5fd1`.
 */
const BY_PATTERN: ReadonlyMap<string, string> = new Map(
  [
    [
      COLOR_PATTERN,
      'must be a colour written as #rgb, #rgba, #rrggbb, #rrggbbaa, rgb(…), rgba(…), hsl(…) or hsla(…) with numbers only, e.g. "#1f5fd1" or "rgb(31 95 209)"; colour names and other CSS are not accepted',
    ],
    [LENGTH_PATTERN, 'must be a length: 0, or a number with up to three decimals in px, rem or em, e.g. "6px" or "1.25rem"'],
    [FONT_LIST_PATTERN, 'must be a list of up to eight font family names separated by commas, each plain or in quotes (letters, digits, spaces, hyphens), e.g. "\\"Inter\\", sans-serif"'],
    [DURATION_PATTERN, 'must be a duration like 30s, 15m, 24h or 7d'],
    [FIELD_NAME_PATTERN, 'must start with a lower-case letter and use only a–z, 0–9 and _ (at most 64 characters), e.g. "first_name"'],
    [FORM_ID_PATTERN, 'must start with a lower-case letter or digit and use only a–z, 0–9, _ and - (at most 64 characters)'],
    [LOCALE_PATTERN, 'must be a language tag like "en", "es" or "pt-BR"'],
    [REDIRECT_URL_PATTERN, 'must be an https:// URL without spaces'],
    [COUNTRY_PATTERN, 'must be a two-letter country code in capitals, e.g. "US" or "GB"'],
    [ATTRIBUTE_NAME_PATTERN, 'must start with a letter and use only letters, digits and _ (at most 64 characters), e.g. "signup_page"'],
    [KEY_ENV_PATTERN, 'must be the name of an environment variable starting with GLEANTAP_ (A–Z, 0–9, _)'],
  ].map(([pattern, message]) => [String(pattern), message as string]),
);

/** The owner-facing message for a value that failed `pattern` (as zod reports it), if there is one. */
export function patternMessage(pattern: string | undefined): string | undefined {
  return pattern === undefined ? undefined : BY_PATTERN.get(pattern);
}
