import type { FieldErrorCode } from '@gleantap-capture/shared';
import fc from 'fast-check';
import { anyJsonValue, type BodyFault } from './body-faults.ts';
import { type Entry, type FormFacts, nested, object, serialise, text, validSubmission } from './valid-submission.ts';

// Field faults (400 invalid_fields): a valid shape with exactly one poisoned field, whose code
// the answer must report. The other fields stay valid (emoji, ZWJ sequences, RTL and all).
// With the honeypot filled the same bodies are answered 202, like a lead (cases.ts).

const FORBIDDEN = [
  '\u0000',
  '\r\n',
  '\n',
  '\t',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u202e',
  '\u202a',
  '\u2066',
  '\u2069',
  '\ud800',
  '\udfff',
  // Invisible characters: zero-width, direction marks, separators, tags (a ZWJ is fine only between emoji).
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u200e',
  '\u200f',
  '\u061c',
  '\u2028',
  '\u2029',
  '\u{e0041}',
  '\u{e007f}',
];
const INVALID_EMAILS = [
  'a',
  'a@',
  '@example.com',
  'a@b',
  'a b@example.com',
  'a@exam ple.com',
  'a@-example.com',
  'a@example.c',
  '"a"@example.com',
  'a@exa_mple.com',
  'a@@example.com',
  'a@example.com.',
  'a(b)@example.com',
  'a@example..com',
];
const INVALID_PHONES = ['abc', '12', '+1 011 111 1111', '0000000', '1234567890123456', '++1 415 555 2671', '415-555-267x', '+'];
const INVALID_DATES = ['2023-02-30', '1899-12-31', '2101-01-01', '2023-2-3', '20230101', '2023/01/01', 'yesterday', '2023-13-01', '2023-00-10', '1900-02-29', '2023-01-32', '０２０２-01-01'];
const UNKNOWN_FIELDS = [
  'app_id',
  'tags',
  'source',
  'type',
  'status',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'first\u200bname',
  'First_name',
  'email ',
  'capture_submission_id',
  'optin_sms',
  'sms_consent_version',
  '💪',
  '',
  'ada.lovelace@example.com',
  '+14155552671',
  `x_${'y'.repeat(40)}`,
];
/** How the answer names an unknown field: short field-shaped names as sent, anything else counted (forms/unknown-fields.ts). */
const reportedUnknown = (name: string) => (name.length <= 32 && /^[a-z][a-z0-9_]{0,63}$/.test(name) ? name : '(1 not shown)');

type FieldPoison = { readonly fault: string; readonly name: string; readonly codes: readonly FieldErrorCode[]; apply(fields: Entry[]): Entry[] };

const replace = (fields: Entry[], name: string, json: string): Entry[] => [...fields.filter(([key]) => key !== name), [name, json]];
const poison = (fault: string, name: string, code: FieldErrorCode, apply: (fields: Entry[]) => Entry[]): FieldPoison => ({ fault, name, codes: [code], apply });

const fieldPoison: fc.Arbitrary<FieldPoison> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('first_name', 'last_name', 'email'),
      fc.constantFrom<string | undefined>(undefined, '""', '"   "', '"\\u3000"', '"\\u00a0 "', '"\\u200b"', '" \\u200d\\ufeff "', '"\\u2060\\u2028"'),
    )
    .map(([name, json]) => poison('required field missing', name, 'required', (fields) => (json === undefined ? fields.filter(([key]) => key !== name) : replace(fields, name, json)))),
  fc
    .tuple(fc.constantFrom('first_name', 'last_name', 'email', 'phone', 'goal', 'dob'), fc.constantFrom('1', '0', 'true', 'false', '[]', '["Ada"]', '{}', '{"toString":"x"}', nested(12, '[', ']')))
    .map(([name, json]) => poison('wrong field type', name, 'invalid_type', (fields) => replace(fields, name, json))),
  fc.tuple(fc.constantFrom('first_name', 'last_name', 'email'), fc.constantFrom(...FORBIDDEN), fc.nat({ max: 3 })).map(([name, bad, at]) => {
    const value = name === 'email' ? 'ada@example.com' : 'Ada';
    return poison('control or bidi character', name, 'invalid_value', (fields) => replace(fields, name, text(`${value.slice(0, at)}${bad}${value.slice(at)}`)));
  }),
  fc
    .tuple(fc.constantFrom('first_name', 'last_name'), fc.integer({ min: 101, max: 1200 }), fc.constantFrom('a', 'é', '💪', '李'))
    .map(([name, length, unit]) => poison('too long', name, 'too_long', (fields) => replace(fields, name, text(unit.repeat(length))))),
  fc.constantFrom(...INVALID_EMAILS).map((email) => poison('invalid email', 'email', 'invalid_email', (fields) => replace(fields, 'email', text(email)))),
  fc.constantFrom(...INVALID_PHONES).map((phone) => poison('invalid phone', 'phone', 'invalid_phone', (fields) => replace(fields, 'phone', text(phone)))),
  fc.constantFrom('yoga', 'STRENGTH', '0', 'weight  loss', 'strengths').map((goal) => poison('invalid option', 'goal', 'invalid_option', (fields) => replace(fields, 'goal', text(goal)))),
  fc.constantFrom(...INVALID_DATES).map((dob) => poison('invalid date', 'dob', 'invalid_date', (fields) => replace(fields, 'dob', text(dob)))),
  fc.tuple(fc.constantFrom(...UNKNOWN_FIELDS), anyJsonValue).map(([name, json]) => poison('unknown field', reportedUnknown(name), 'unknown_field', (fields) => [...fields, [name, json] as Entry])),
);

export type FieldFault = BodyFault & { readonly field: { name: string; codes: readonly FieldErrorCode[] }; readonly honeypotFilled: boolean };

export function invalidFields(facts: FormFacts): fc.Arbitrary<FieldFault> {
  const consentPoison = fc.oneof(
    fc.constantFrom('x', '000000000000', 'ffffffffffff', facts.smsVersion.toUpperCase() === facts.smsVersion ? 'x' : facts.smsVersion.toUpperCase()).map((version) => ({
      fault: 'consent version not given out',
      name: 'consent.sms',
      codes: ['invalid_value'] as FieldErrorCode[],
      consent: object([
        [
          'sms',
          object([
            ['granted', 'true'],
            ['version', text(version)],
          ]),
        ],
      ]),
    })),
    fc.constant({
      fault: 'consent kind not declared',
      name: 'consent.email',
      codes: ['unknown_field'] as FieldErrorCode[],
      consent: object([
        [
          'email',
          object([
            ['granted', 'true'],
            ['version', text(facts.smsVersion)],
          ]),
        ],
      ]),
    }),
  );
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc.tuple(validSubmission(facts), fieldPoison).map(([submission, poison]) => ({
        fault: poison.fault,
        body: Buffer.from(serialise({ ...submission, fields: poison.apply(submission.fields) }), 'utf8'),
        field: { name: poison.name, codes: poison.codes },
        honeypotFilled: submission.honeypotFilled,
      })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(validSubmission(facts), consentPoison).map(([submission, poison]) => ({
        fault: poison.fault,
        body: Buffer.from(serialise({ ...submission, rest: [...submission.rest.filter(([key]) => key !== 'consent'), ['consent', poison.consent]] }), 'utf8'),
        field: { name: poison.name, codes: poison.codes },
        honeypotFilled: submission.honeypotFilled,
      })),
    },
  );
}
