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
// Valid parts: valid values may carry emoji (ZWJ sequences, skin tones, flags), RTL script,
// combining marks — but no invisible character outside an emoji.

const validName = fc.constantFrom('Ada', 'Zoë', 'José', '李', 'Ngozi 💪', 'O’Brien', 'Mary-Jane', 'عائشة', 'e\u0301lise', '🏋️‍♀️', 'Ana 👩🏽‍💻', '🏳️‍🌈', 'Sam 🇺🇸', 'Ewan 🏴󠁧󠁢󠁳󠁣󠁴󠁿', '👍🏽');
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

// Context is collected by the browser: a value that breaks the context rules (a hostile URL, a
// formula, controls, invisible text, a long locale) is dropped or defused, never a reason to
// refuse the lead, so such values belong to valid submissions.
const ruleBreakingText = fc.constantFrom('news\u0000letter', 'evil\u202etxt', 'zero\u200bwidth', 'half\ud800', 'a\r\nSet-Cookie: x=1');
const validUrl = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.constantFrom('https://www.example-gym.com/trial?utm_source=news&email=ada%40example.com#form', 'http://localhost:8080/', ''),
  fc.constantFrom('javascript:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>', 'android-app://com.google.android.gm/', 'https://www.example-gym.com/\r\nSet-Cookie: x=1'),
);
const validUtm = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_.~ ]{0,60}$/),
  fc.constantFrom('Février', 'spring 💪', 'yoga + pilates', 'a=b', '  padded  ', ''),
  fc.constantFrom('=HYPERLINK("https://evil.example","x")', "+1+cmd|' /C calc'!A0", '@SUM(1+1)', '-20% off'),
  ruleBreakingText,
);
const validLocale = fc.oneof(fc.constantFrom('en', 'es', 'pt-BR', 'zh-Hant-TW', ''), fc.constantFrom('en'.repeat(40), 'en_US'), ruleBreakingText);
const contextValue = (key: string) => (key === 'page_url' || key === 'referrer' ? validUrl : key === 'locale' ? validLocale : validUtm);

const validContext = fc.option(
  fc
    .subarray(['page_url', 'referrer', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'locale'], { minLength: 1 })
    .chain((keys) => fc.tuple(...keys.map((key) => contextValue(key).map((value) => [key, text(value)] as Entry)))),
  { nil: undefined },
);

/** The honeypot as sent: absent, empty (a real visitor), or filled (a bot: answered like a lead, stored `dropped`). */
const honeypot = fc.oneof(
  { weight: 2, arbitrary: fc.constant<string | undefined>(undefined) },
  { weight: 2, arbitrary: fc.constant<string | undefined>('') },
  { weight: 1, arbitrary: fc.constantFrom<string | undefined>('x', 'http://spam.example/', 'Ada Lovelace') },
);

export interface Submission {
  readonly id: string;
  readonly fields: Entry[];
  /** A filled honeypot: whatever its fields, the answer is `202 queued` (stored `dropped`). */
  readonly honeypotFilled: boolean;
  /** Top-level entries other than id and fields. */
  readonly rest: Entry[];
}

export function validSubmission(facts: FormFacts): fc.Arbitrary<Submission> {
  return fc
    .record({
      id: uuid,
      fields: validFieldEntries,
      sms: fc.option(
        fc.constant(
          object([
            [
              'sms',
              object([
                ['granted', 'true'],
                ['version', text(facts.smsVersion)],
              ]),
            ],
          ]),
        ),
        { nil: undefined },
      ),
      context: validContext,
      hp: honeypot,
    })
    .map(({ id, fields, sms, context, hp }) => ({
      id,
      fields,
      honeypotFilled: hp !== undefined && hp !== '',
      rest: [
        ...(sms === undefined ? [] : [['consent', sms] as Entry]),
        ...(context === undefined ? [] : [['context', object(context)] as Entry]),
        ...(facts.token === undefined ? [] : [['token', text(facts.token)] as Entry]),
        // An empty honeypot is what a real visitor sends; a filled one is answered like a lead by design.
        ...(hp === undefined ? [] : [['hp', text(hp)] as Entry]),
      ],
    }));
}

export const serialise = (submission: Submission, extra: readonly Entry[] = []): string => object([['id', text(submission.id)], ['fields', object(submission.fields)], ...submission.rest, ...extra]);
