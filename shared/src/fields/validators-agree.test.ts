import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DefinitionField } from '../form-definition.ts';
import { createCompactValidator } from './compact-validator.ts';
import { FieldType } from './field-types.ts';
import { createFormValidator } from './validate-fields.ts';
import type { ConsentRules } from './value-rules.ts';

// Values near the rules' edges: blanks, controls, bidi, emoji, emails, phones, dates, options.
const tricky = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('', '  ', '\t', 'a\nb', 'a\r\nb', 'x\u202Ey', 'x\u0000', '\uD800', 'Zoë 💪', 'strength', 'weight loss', ' strength '),
  // Invisible characters, alone, around text and inside emoji sequences.
  fc.constantFrom('\u200B', ' \u200B ', 'a\u200Bb', '\u200D', 'Ada\u200D', '\uFEFF', '\u2060', 'x\u200Ey', '\u061C', 'a\u2028b', '\u2029', '\u3164', '\u{E0041}'),
  fc.constantFrom('👩🏽‍💻', '👨‍👩‍👧‍👦', '🏳️‍🌈', '👍🏽', '🇺🇸', '🏴󠁧󠁢󠁥󠁮󠁧󠁿', '💪\u200DAda', '🏴\u{E0067}', 'strength\u200B'),
  fc
    .array(fc.constantFrom('a', ' ', '\n', '\u200B', '\u200C', '\u200D', '\u200E', '\u2028', '\uFEFF', '\u{E0067}', '\u{E007F}', '🏴', '👩', '🏽', '\uFE0F', '💻'), { maxLength: 8 })
    .map((parts) => parts.join('')),
  fc.constantFrom('ada@example.com', 'ADA@Example.COM', 'a@b', 'a b@example.com', 'x@-y.com', "o'brien@example.ie"),
  fc.constantFrom('+1 (415) 555-2671', '415.555.2671', '123456', '+1234567890123456', '++1', '555-CALL'),
  fc.constantFrom('2000-02-29', '1999-02-29', '2023-04-31', '1899-12-31', '2024-1-1'),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
  // Checkbox, number and multiselect edges: booleans as text, numbers near min/max/step, choices.
  fc.constantFrom('true', 0, 1, 2.5, -3, 16, 99, 100, 1e21, 0.30000000000000004, '42'),
  fc.double(),
  fc.array(fc.constantFrom('strength', 'weight loss', ' strength', 'yoga', '', '\u200B', 'x\u202Ey', 7), { maxLength: 4 }),
);

const fieldArb = fc.record({
  name: fc.constantFrom('first_name', 'email', 'phone', 'dob', 'goal', 'notes', 'city'),
  type: fc.constantFrom(...FieldType.options),
  required: fc.boolean(),
  maxLength: fc.integer({ min: 1, max: 40 }),
  min: fc.option(fc.constantFrom(-5, 0, 0.1, 16), { nil: undefined }),
  max: fc.option(fc.constantFrom(1, 99, 100.5), { nil: undefined }),
  step: fc.option(fc.constantFrom(1, 0.1, 0.5, 7), { nil: undefined }),
});

const definitionArb = fc.uniqueArray(fieldArb, { selector: (field) => field.name, minLength: 1, maxLength: 5 }).map((fields) =>
  fields.map(
    (field): DefinitionField => ({
      name: field.name,
      type: field.type,
      required: field.required,
      maxLength: field.maxLength,
      label: field.name,
      autocomplete: 'off',
      inputmode: 'text',
      ...(['select', 'radio', 'multiselect', 'location'].includes(field.type)
        ? {
            options: [
              { value: 'strength', label: 'S' },
              { value: 'weight loss', label: 'W' },
            ],
          }
        : {}),
      ...(field.type === 'number'
        ? { ...(field.min === undefined ? {} : { min: field.min }), ...(field.max === undefined ? {} : { max: field.max }), ...(field.step === undefined ? {} : { step: field.step }) }
        : {}),
    }),
  ),
);

// The proxy judges every locale's version; a widget's definition carries its locale's one.
const consentArb = fc.subarray<ConsentRules>([
  { kind: 'email', version: { en: 'e1', es: 'e2' }, required: false },
  { kind: 'sms', version: 's1', required: true },
]);
const grantArb = fc.option(fc.record({ granted: fc.boolean(), version: fc.constantFrom('e1', 'e2', 's1', 'old') }), { nil: undefined });

describe('the widget validator and the proxy validator', () => {
  it('give the same verdict, codes and normalised values on generated input', () => {
    fc.assert(
      fc.property(
        definitionArb,
        consentArb,
        fc.dictionary(fc.constantFrom('first_name', 'email', 'phone', 'dob', 'goal', 'notes', 'city', 'extra', '__proto__', 'constructor'), tricky),
        grantArb,
        grantArb,
        (fields, consents, input, email, sms) => {
          const consent = { ...(email ? { email } : {}), ...(sms ? { sms } : {}) };
          const proxy = createFormValidator(fields, consents).validate(input, consent);
          const widget = createCompactValidator(fields, consents).validate(input, consent);
          expect(widget).toEqual(proxy);
        },
      ),
      { numRuns: 3000 },
    );
    // 3,000 runs take about 4 s alone; a busy CI machine must not turn that into a timeout.
  }, 60_000);
});
