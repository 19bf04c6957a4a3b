/**
 * The value rules of CONTRACT.md §3 as small pure functions. Both the zod schemas (proxy)
 * and the widget use these, so a rule is written exactly once.
 */

/** C0/C1 controls, bidi embeddings/overrides/isolates, and lone surrogates. */
const FORBIDDEN = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|\p{Cs}/u;

/** NFC-normalise and trim; multi-line text also gets `\r\n` folded to `\n`. */
export function normaliseText(value: string, multiline = false): string {
  const folded = multiline ? value.replace(/\r\n?/g, '\n') : value;
  return folded.normalize('NFC').trim();
}

/** True when the text holds a character the contract refuses (`invalid_value`). */
export function hasForbiddenCharacters(value: string, multiline = false): boolean {
  // A multi-line field may hold tabs and line breaks (`\r\n` is folded to `\n` later).
  return FORBIDDEN.test(multiline ? value.replace(/[\t\n\r]/g, '') : value);
}

const EMAIL_PATTERN = /^[^\s@"(),:;<>[\]\\]{1,64}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Emails are compared and stored lower-case. */
export function normaliseEmail(value: string): string {
  return normaliseText(value).toLowerCase();
}

/** A practical address check: one `@`, a dotted ASCII host name, no spaces or quoting. */
export function isEmail(normalised: string): boolean {
  return EMAIL_PATTERN.test(normalised);
}

const PHONE_SEPARATORS = /[\s.\-()]/g;
const PHONE_STRUCTURE = /^\+?\d{7,15}$/;

/** The widget's structural phone check: `+` optional, 7–15 digits once spaces, dots, dashes and brackets are gone. */
export function isPhoneShaped(value: string): boolean {
  return PHONE_STRUCTURE.test(value.replace(PHONE_SEPARATORS, ''));
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
export const MIN_DATE_YEAR = 1900;
export const MAX_DATE_YEAR = 2100;

/** A real calendar date written `YYYY-MM-DD`, between 1900 and 2100. */
export function isCalendarDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < MIN_DATE_YEAR || year > MAX_DATE_YEAR || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
