/**
 * The value rules of docs/contract.md §3 as small pure functions. Both the zod schemas (proxy)
 * and the widget use these, so a rule is written exactly once.
 */

/**
 * Characters that render as nothing: zero-width (U+200B–U+200D, U+2060–U+2064, U+FEFF),
 * direction marks (U+200E, U+200F, U+061C), line and paragraph separators (U+2028, U+2029)
 * and tag characters (U+E0000–U+E007F). A name can hide in them, or be made of nothing but them.
 */
const INVISIBLE = /[\u200B-\u200F\u2028\u2029\u2060-\u2064\u061C\uFEFF\u{E0000}-\u{E007F}]/gu;

/**
 * The two places emoji need an invisible character: U+200D joining two emoji (👩🏽‍💻, 🏳️‍🌈,
 * families) and the tag characters after 🏴 in a subdivision flag (🏴󠁧󠁢󠁳󠁣󠁴󠁿). Only these uses are
 * kept (they are removed, with their emoji, before the check). A lookahead, not a lookbehind,
 * which older Safari cannot even parse; short property aliases (ExtPict = Extended_Pictographic,
 * EMod = Emoji_Modifier) for the widget's size budget.
 */
const EMOJI_GLUE = /\p{ExtPict}[\uFE0F\p{EMod}]?\u200D(?=\p{ExtPict})|\u{1F3F4}[\u{E0000}-\u{E007F}]+/gu;

/**
 * The one place letters need an invisible character: the zero-width non-joiner and joiner
 * (U+200C, U+200D) inside a word of a script that spells with them (Persian and the rest of
 * the Arabic script, Syriac, the Indic scripts, Sinhala): "می‌خواهم" is a correct spelling,
 * not a trick. Kept only between two letters of such scripts (their marks allowed between).
 */
const JOINING_SCRIPTS = '\\p{sc=Arab}\\p{sc=Syrc}\\p{sc=Deva}\\p{sc=Beng}\\p{sc=Guru}\\p{sc=Gujr}\\p{sc=Orya}\\p{sc=Taml}\\p{sc=Telu}\\p{sc=Knda}\\p{sc=Mlym}\\p{sc=Sinh}';
const SCRIPT_JOINER = new RegExp(`([${JOINING_SCRIPTS}]\\p{M}*)[\\u200C\\u200D](?=\\p{M}*[${JOINING_SCRIPTS}])`, 'gu');

/** C0/C1 controls, bidi embeddings/overrides/isolates, lone surrogates, and the invisible characters above. */
const FORBIDDEN = /[\0-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069\u200B-\u200F\u2028\u2029\u2060-\u2064\u061C\uFEFF\u{E0000}-\u{E007F}]|\p{Cs}/u;

/** NFC-normalise and trim; multi-line text also gets `\r\n` folded to `\n`. */
export function normaliseText(value: string, multiline = false): string {
  const folded = multiline ? value.replace(/\r\n?/g, '\n') : value;
  return folded.normalize('NFC').trim();
}

/** True when the text holds a character the contract refuses (`invalid_value`). */
export function hasForbiddenCharacters(value: string, multiline = false): boolean {
  // A multi-line field may hold tabs and line breaks (`\r\n` is folded to `\n` later).
  // Emoji keep their joiners and tags, words their script's joiners; anywhere else an
  // invisible character is refused.
  return FORBIDDEN.test((multiline ? value.replace(/[\t\n\r]/g, '') : value).replace(EMOJI_GLUE, '').replace(SCRIPT_JOINER, '$1'));
}

/** "Not filled in": absent, null, or a string of nothing but white space and invisible characters. */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.replace(INVISIBLE, '').trim() === '');
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

/** `YYYY-MM-DD` from 1900-01-01 to 2100-12-31. */
const DATE_PATTERN = /^(19\d\d|20\d\d|2100)-\d\d-\d\d$/;

/** A real calendar date written `YYYY-MM-DD`, between 1900 and 2100. */
export function isCalendarDate(value: string): boolean {
  // `YYYY-MM-DD` is parsed as UTC midnight by every engine; 30 February either fails (an
  // invalid date, whose toJSON is null) or rolls over to March and no longer reads back the same.
  return DATE_PATTERN.test(value) && new Date(value).toJSON()?.slice(0, 10) === value;
}
