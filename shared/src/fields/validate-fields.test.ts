import { describe, expect, it } from 'vitest';
import type { DefinitionField } from '../form-definition.ts';
import { createFormValidator } from './validate-fields.ts';
import type { ConsentRules } from './value-rules.ts';

const field = (name: string, type: DefinitionField['type'], required: boolean, maxLength: number, options?: string[], extra: Partial<DefinitionField> = {}): DefinitionField => ({
  name,
  type,
  required,
  maxLength,
  label: name,
  autocomplete: 'off',
  inputmode: 'text',
  ...(options ? { options: options.map((value) => ({ value, label: value.toUpperCase() })) } : {}),
  ...extra,
});

const FIELDS = [
  field('first_name', 'text', true, 10),
  field('email', 'email', true, 254),
  field('phone', 'tel', false, 32),
  field('dob', 'date', false, 10),
  field('goal', 'select', false, 256, ['strength', 'weight loss']),
  field('notes', 'textarea', false, 20),
];
const CONSENT: ConsentRules[] = [{ kind: 'sms', version: { en: 'aaa111', es: 'bbb222' }, required: true }];

describe('the form validator', () => {
  const validator = createFormValidator(FIELDS, CONSENT);

  it('normalises accepted values and records the consent version shown', () => {
    const ok = validator.validate(
      { first_name: ' Zoe\u0308 ', email: ' ZOE@Example.com', phone: '+1 415 555 2671', dob: '1990-05-17', goal: 'strength', notes: 'a\r\nb' },
      { sms: { granted: true, version: 'bbb222' } },
    );
    expect(ok).toEqual({
      ok: true,
      values: { first_name: 'Zoë', email: 'zoe@example.com', phone: '+1 415 555 2671', dob: '1990-05-17', goal: 'strength', notes: 'a\nb' },
      consent: { sms: { version: 'bbb222' } },
    });
  });

  it('gives one code per failing field, in the documented vocabulary', () => {
    const verdict = validator.validate(
      { first_name: 'x'.repeat(11), email: 'nope', phone: 'call me', dob: '2023-02-30', goal: 'cardio', notes: 5, hacker: 1 },
      { sms: { granted: true, version: 'stale' } },
    );
    expect(verdict).toEqual({
      ok: false,
      fields: {
        hacker: 'unknown_field',
        first_name: 'too_long',
        email: 'invalid_email',
        phone: 'invalid_phone',
        dob: 'invalid_date',
        goal: 'invalid_option',
        notes: 'invalid_type',
        'consent.sms': 'invalid_value',
      },
    });
  });

  it('treats blank as missing: required fields and required consent', () => {
    expect(validator.validate({ first_name: '   ', email: null }, undefined)).toEqual({
      ok: false,
      fields: { first_name: 'required', email: 'required', 'consent.sms': 'required' },
    });
    expect(validator.validate({ first_name: 'A', email: 'a@example.com' }, { sms: { granted: false, version: 'aaa111' } })).toMatchObject({
      ok: false,
      fields: { 'consent.sms': 'required' },
    });
  });

  it('refuses hidden invisible characters and counts an invisible-only value as blank', () => {
    expect(validator.validate({ first_name: 'A\u200Bda', email: 'a@example.com', notes: '\u200B' }, { sms: { granted: true, version: 'aaa111' } })).toEqual({
      ok: false,
      fields: { first_name: 'invalid_value' },
    });
    expect(validator.validate({ first_name: '\u200B\u200D\uFEFF', email: ' \u2060 ' }, { sms: { granted: true, version: 'aaa111' } })).toEqual({
      ok: false,
      fields: { first_name: 'required', email: 'required' },
    });
    expect(validator.validate({ first_name: '👩🏽‍💻🏳️‍🌈', email: 'a@example.com' }, { sms: { granted: true, version: 'aaa111' } })).toMatchObject({
      ok: true,
      values: { first_name: '👩🏽‍💻🏳️‍🌈' },
    });
  });

  it('judges the length after trimming and normalisation', () => {
    expect(validator.validate({ first_name: `  ${'x'.repeat(10)}  `, email: 'a@example.com' }, { sms: { granted: true, version: 'aaa111' } })).toMatchObject({ ok: true });
  });

  it('refuses prototype keys as unknown fields without touching any prototype', () => {
    const verdict = validator.validate(JSON.parse('{"first_name":"A","email":"a@example.com","__proto__":{"polluted":true},"constructor":"x"}'), { sms: { granted: true, version: 'aaa111' } });
    // A literal `{ __proto__: … }` would set a prototype, so the expected object is parsed too.
    expect(verdict).toEqual({ ok: false, fields: JSON.parse('{"__proto__":"unknown_field","constructor":"unknown_field"}') });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('uses an injected phone normaliser and reports its refusal as invalid_phone', () => {
    const strict = createFormValidator(FIELDS, [], { normalisePhone: (value) => (value.startsWith('+1') ? `+1${value.replace(/\D/g, '').slice(1)}` : null) });
    expect(strict.validate({ first_name: 'A', email: 'a@example.com', phone: '+1 (415) 555-2671' }, undefined)).toMatchObject({ ok: true, values: { phone: '+14155552671' } });
    expect(strict.validate({ first_name: 'A', email: 'a@example.com', phone: '020 7946 0958' }, undefined)).toEqual({ ok: false, fields: { phone: 'invalid_phone' } });
  });

  describe('the choice and number types', () => {
    const typed = createFormValidator(
      [
        field('email', 'email', true, 254),
        field('member', 'checkbox', false, 5),
        field('waiver', 'checkbox', true, 5),
        field('level', 'radio', false, 256, ['beginner', 'advanced']),
        field('classes', 'multiselect', false, 256, ['yoga', 'spin', 'hiit']),
        field('age', 'number', false, 32, undefined, { min: 16, max: 99, step: 1 }),
        field('studio', 'location', false, 256, ['downtown', 'uptown']),
      ],
      [{ kind: 'email', version: 'v1', required: false }],
    );

    it('keeps a checkbox a boolean, a number a number and a multiselect the normalised choices', () => {
      const verdict = typed.validate(
        { email: 'a@b.co', member: false, waiver: true, level: 'advanced', classes: [' yoga', 'hiit'], age: 42, studio: 'uptown' },
        { email: { granted: true, version: 'v1' } },
      );
      expect(verdict).toEqual({
        ok: true,
        values: { email: 'a@b.co', member: false, waiver: true, level: 'advanced', classes: ['yoga', 'hiit'], age: 42, studio: 'uptown' },
        consent: { email: { version: 'v1' } },
      });
    });

    it('requires a required checkbox to be ticked and treats no choice as blank', () => {
      expect(typed.validate({ email: 'a@b.co', waiver: false, classes: [] }, undefined)).toEqual({ ok: false, fields: { waiver: 'required' } });
    });

    it('refuses wrong JSON types, values outside the options, duplicates and numbers off range or step', () => {
      const verdict = typed.validate({ email: 'a@b.co', member: 'true', waiver: 1, level: 'expert', classes: ['yoga', 'yoga '], age: 15, studio: 'Downtown' }, undefined);
      expect(verdict).toEqual({
        ok: false,
        fields: { member: 'invalid_type', waiver: 'invalid_type', level: 'invalid_option', classes: 'invalid_value', age: 'invalid_value', studio: 'invalid_option' },
      });
      expect(typed.validate({ email: 'a@b.co', waiver: true, age: 20.5, classes: 'yoga' }, undefined)).toEqual({ ok: false, fields: { age: 'invalid_value', classes: 'invalid_type' } });
      expect(typed.validate({ email: 'a@b.co', waiver: true, age: '42', classes: ['pilates'] }, undefined)).toEqual({ ok: false, fields: { age: 'invalid_type', classes: 'invalid_option' } });
    });
  });
});
