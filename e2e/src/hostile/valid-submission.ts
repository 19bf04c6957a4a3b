import fc from 'fast-check';

/**
 * Valid submissions as hand-built JSON text, so that duplicate keys, `__proto__` and odd
 * nesting stay exactly as written. The fault generators start from these.
 */

/** What the suite learns from the running proxy before generating cases. */
export interface FormFacts {
  /** The consent version the definition gives for the SMS text (English). */
  readonly smsVersion: string;
  /** The form token from the definition, once the proxy issues them. */
  readonly token: string | undefined;
}

export type Entry = readonly [key: string, json: string];
export const text = (value: unknown): string => JSON.stringify(value);
export const object = (entries: readonly Entry[]): string => `{${entries.map(([key, json]) => `${text(key)}:${json}`).join(',')}}`;
export const nested = (depth: number, open: string, close: string, inner = '1') => `${open.repeat(depth)}${inner}${close.repeat(depth)}`;

// ---------------------------------------------------------------------------------------------
// Valid parts: valid values may carry emoji, zero-width characters, RTL script, combining marks.

const validName = fc.constantFrom('Ada', 'Zoë', 'José', '李', 'Ngozi 💪', 'O’Brien', 'Ana\u200bMaria', 'Mary-Jane', 'عائشة', 'e\u0301lise', '🏋️‍♀️', 'Ada\u200d');
const validEmail = fc.tuple(fc.stringMatching(/^[a-z0-9]{1,20}$/), fc.constantFrom('example.com', 'Example.COM', 'mail.example.org')).map(([local, host]) => `${local}@${host}`);
const validPhone = fc.constantFrom('(415) 555-2671', '+1 415-555-2671', '415.555.2671', '+14155552671');
const validGoal = fc.constantFrom('strength', 'weight loss');
const validDob = fc.constantFrom('1990-01-31', '2000-02-29', '1900-01-01', '2100-12-31');
export const uuid = fc.uuid({ version: 4 });

/** A valid `fields` object as entries: the required three, and any of the optional ones. */
const validFieldEntries: fc.Arbitrary<Entry[]> = fc
  .record({
    first_name: validName,
    last_name: validName,
    email: validEmail,
    phone: fc.option(validPhone, { nil: undefined }),
    goal: fc.option(validGoal, { nil: undefined }),
    dob: fc.option(validDob, { nil: undefined }),
  })
  .map((fields) => Object.entries(fields).flatMap(([key, value]) => (value === undefined ? [] : [[key, text(value)] as Entry])));

const validContext = fc.option(
  fc
    .subarray(['page_url', 'referrer', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'locale'], { minLength: 1 })
    .chain((keys) => fc.tuple(...keys.map((key) => fc.string({ maxLength: 60 }).map((value) => [key, text(value)] as Entry)))),
  { nil: undefined },
);

export interface Submission {
  readonly id: string;
  readonly fields: Entry[];
  /** Top-level entries other than id and fields. */
  readonly rest: Entry[];
}

export function validSubmission(facts: FormFacts): fc.Arbitrary<Submission> {
  return fc
    .record({
      id: uuid,
      fields: validFieldEntries,
      sms: fc.option(fc.constant(object([['sms', object([['granted', 'true'], ['version', text(facts.smsVersion)]])]])), { nil: undefined }),
      context: validContext,
      hp: fc.boolean(),
    })
    .map(({ id, fields, sms, context, hp }) => ({
      id,
      fields,
      rest: [
        ...(sms === undefined ? [] : [['consent', sms] as Entry]),
        ...(context === undefined ? [] : [['context', object(context)] as Entry]),
        ...(facts.token === undefined ? [] : [['token', text(facts.token)] as Entry]),
        // An empty honeypot is what a real visitor sends; a filled one is answered like a lead by design.
        ...(hp ? [['hp', '""'] as Entry] : []),
      ],
    }));
}

export const serialise = (submission: Submission, extra: readonly Entry[] = []): string =>
  object([['id', text(submission.id)], ['fields', object(submission.fields)], ...submission.rest, ...extra]);
