import fc from 'fast-check';
import { type Entry, type FormFacts, nested, object, serialise, text, uuid, validSubmission } from './valid-submission.ts';

// Body faults (400 invalid_body): a valid submission made into something that is not one.

const INVALID_UTF8: readonly number[][] = [[0xff], [0xc3, 0x28], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]];
const wrongUuid = fc.constantFrom(
  '',
  'not-a-uuid',
  '123',
  '0b6c0b6c0b6c4b6c8b6c0b6c0b6c0b6c',
  'zzzzzzzz-zzzz-4zzz-8zzz-zzzzzzzzzzzz',
  '{0b6c0b6c-0b6c-4b6c-8b6c-0b6c0b6c0b6c}',
  '0b6c0b6c-0b6c-4b6c-8b6c-0b6c0b6c0b6c\n',
);
export const anyJsonValue = fc.oneof(
  fc.constantFrom('null', 'true', '0', '-1e999', '1e999', '"x"', '[]', '{}', '[1,2,3]', '{"a":{"b":[null]}}'),
  fc.jsonValue({ maxDepth: 3 }).map((value) => text(value)),
);

export type BodyFault = { readonly fault: string; readonly body: Buffer; readonly headers?: Record<string, string> };

export function invalidBody(facts: FormFacts): fc.Arbitrary<BodyFault> {
  const base = validSubmission(facts);
  const utf8 = (json: string) => Buffer.from(json, 'utf8');
  return fc.oneof(
    // Truncated JSON: every strict prefix of a serialised object is invalid.
    base.chain((submission) => {
      const json = serialise(submission);
      return fc.nat({ max: json.length - 1 }).map((cut) => ({ fault: 'truncated JSON', body: utf8(json.slice(0, cut)) }));
    }),
    // Invalid UTF-8 inside a string value.
    fc.tuple(base, fc.constantFrom(...INVALID_UTF8)).map(([submission, bytes]) => {
      const json = serialise(submission);
      const at = json.indexOf('"first_name":"') + '"first_name":"'.length;
      return { fault: 'invalid UTF-8', body: Buffer.concat([utf8(json.slice(0, at)), Buffer.from(bytes), utf8(json.slice(at))]) };
    }),
    // Not an object at the top.
    fc
      .oneof(
        fc.constantFrom('[]', 'null', '0', '"submission"', 'true', '{}', '', ' ', '\u0000'),
        base.map((submission) => `[${serialise(submission)}]`),
        fc.integer({ min: 100, max: 7_000 }).map((depth) => nested(depth, '[', ']')),
      )
      .map((json) => ({ fault: 'not a submission object', body: utf8(json) })),
    // Not JSON at all, or JSON's near relatives.
    base.chain((submission) =>
      fc
        .constantFrom(
          `${serialise(submission)},`,
          `${serialise(submission)} x`,
          serialise(submission).replace('{', "{'id':1,"),
          serialise(submission).replace('{', '{/* c */'),
          serialise(submission).replace(/}$/, ',}'),
          serialise(submission).replace(/}$/, ',"n":NaN}'),
          `id=${submission.id}&first_name=Ada`,
        )
        .map((json) => ({ fault: 'not JSON', body: utf8(json) })),
    ),
    // Unknown top-level keys, prototype keys among them.
    fc
      .tuple(base, fc.constantFrom('__proto__', 'constructor', 'prototype', 'app_id', 'tags', 'source', 'location', 'Fields', 'fields\u200b', 'ｆｉｅｌｄｓ'), anyJsonValue)
      .map(([submission, key, value]) => ({
        fault: 'unknown top-level key',
        body: utf8(serialise(submission, [[key, value]])),
      })),
    // Wrong types and sizes for the top-level members.
    fc
      .tuple(
        base,
        fc.oneof(
          fc.tuple(fc.constant('id'), fc.oneof(fc.constantFrom('1', 'null', '[]', '{}', 'true'), wrongUuid.map(text))),
          fc.tuple(fc.constant('fields'), fc.constantFrom('[]', '"Ada"', '1', 'null', 'true', '[{"first_name":"Ada"}]')),
          fc.tuple(
            fc.constant('consent'),
            fc.constantFrom(
              '[]',
              '"yes"',
              '{"sms":"yes"}',
              '{"sms":{"granted":"true","version":"x"}}',
              '{"sms":{"granted":true}}',
              '{"sms":{"granted":true,"version":""}}',
              `{"sms":{"granted":true,"version":"${'v'.repeat(65)}"}}`,
              '{"sms":{"granted":true,"version":"x","at":"now"}}',
              '{"push":{"granted":true,"version":"x"}}',
              '{"__proto__":{"granted":true,"version":"x"}}',
              `{"sms":${nested(3000, '[', ']')}}`,
            ),
          ),
          fc.tuple(
            fc.constant('context'),
            fc.oneof(
              fc.constantFrom('[]', '"page"', '{"page_url":5}', '{"referer":"x"}', '{"__proto__":"x"}', '{"utm_source":["a"]}', '{"locale":null}', nested(2500, '{"a":', '}')),
              fc.constantFrom('page_url', 'referrer', 'utm_campaign').map((key) => object([[key, text('u'.repeat(2049))]])),
            ),
          ),
          fc.tuple(fc.constant('token'), fc.constantFrom('1', '[]', '{}', text('t'.repeat(2049)))),
          fc.tuple(fc.constant('hp'), fc.constantFrom('1', 'null', '[]', '{"x":1}', text('h'.repeat(1025)))),
        ),
      )
      .map(([submission, [key, value]]) => {
        const rest = submission.rest.filter(([name]) => name !== key);
        const fields = key === 'fields' ? value : object(submission.fields);
        const id = key === 'id' ? value : text(submission.id);
        const extra: Entry[] = key === 'id' || key === 'fields' ? [] : [[key, value]];
        return { fault: `wrong ${key}`, body: utf8(object([['id', id], ['fields', fields], ...rest, ...extra])) };
      }),
    // Duplicate keys: the last one wins in JSON.parse, and the last one is wrong.
    fc.tuple(base, fc.constantFrom<Entry>(['id', '5'], ['fields', '"x"'], ['context', '{"evil":"x"}'], ['consent', '[]'])).map(([submission, last]) => ({
      fault: 'duplicate key',
      body: utf8(serialise(submission, [last])),
    })),
    // The id: missing, or the Idempotency-Key header wrong or different.
    fc
      .tuple(
        base,
        fc.oneof(
          fc.constant<string | undefined>(undefined),
          wrongUuid.filter((id) => !/[\r\n]/.test(id)),
          uuid,
        ),
      )
      .map(([submission, header]) => {
        const withoutId = object([['fields', object(submission.fields)], ...submission.rest]);
        if (header === undefined) return { fault: 'missing id', body: utf8(withoutId) };
        return { fault: 'bad Idempotency-Key', body: utf8(serialise(submission)), headers: { 'idempotency-key': header } };
      }),
    // Nesting deeper than any submission, in a field value: refused as a body whether or not the
    // honeypot is filled (a filled one must not turn it into a 500, nor into a different answer).
    fc
      .tuple(base, fc.constantFrom('first_name', 'email', 'goal'), fc.integer({ min: 17, max: 7_000 }), fc.constantFrom(['[', ']'], ['{"a":', '}']))
      .map(([submission, name, depth, [open, close]]) => ({
        fault: 'too deeply nested field',
        body: utf8(serialise({ ...submission, fields: [...submission.fields.filter(([key]) => key !== name), [name, nested(depth, open!, close!)]] })),
      })),
    // Huge strings that still fit in 16 KiB, where only short strings are allowed.
    base.map((submission) => ({ fault: 'huge string', body: utf8(serialise(submission, [['hp', text('\u0000'.repeat(2000))]])) })),
  );
}
