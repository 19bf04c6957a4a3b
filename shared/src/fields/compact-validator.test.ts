import { describe, expect, it } from 'vitest';
import { createCompactValidator } from './compact-validator.ts';
import type { FieldRules } from './value-rules.ts';

const base = { required: false, maxLength: 256 };
const FIELDS: FieldRules[] = [
  { ...base, name: 'waiver', type: 'checkbox', required: true },
  { ...base, name: 'news', type: 'checkbox' },
  { ...base, name: 'level', type: 'radio', options: [{ value: 'new' }, { value: 'regular' }] },
  { ...base, name: 'classes', type: 'multiselect', options: [{ value: 'yoga' }, { value: 'spin' }] },
  { ...base, name: 'age', type: 'number', min: 16, max: 99, step: 1 },
  { ...base, name: 'studio', type: 'location', options: [{ value: 'north' }, { value: 'south' }] },
];
const validate = (fields: Record<string, unknown>) => createCompactValidator(FIELDS, []).validate(fields, undefined);

describe('the compact validator on the per-locale field types', () => {
  it('accepts booleans, option values, arrays of distinct options and numbers on the step within range', () => {
    expect(validate({ waiver: true, news: false, level: 'new', classes: ['yoga', 'spin'], age: 30, studio: 'south' })).toMatchObject({ ok: true });
  });

  it('answers each broken value with its code', () => {
    expect(validate({ waiver: false, news: 'yes', level: 'pro', classes: ['yoga', 'yoga'], age: 15, studio: 'east' })).toEqual({
      ok: false,
      fields: { waiver: 'required', news: 'invalid_type', level: 'invalid_option', classes: 'invalid_value', age: 'invalid_value', studio: 'invalid_option' },
    });
    expect(validate({ waiver: true, classes: 'yoga', age: '30' })).toEqual({ ok: false, fields: { classes: 'invalid_type', age: 'invalid_type' } });
    expect(validate({ waiver: true, classes: ['pilates'], age: 30.5 })).toEqual({ ok: false, fields: { classes: 'invalid_option', age: 'invalid_value' } });
    expect(validate({})).toEqual({ ok: false, fields: { waiver: 'required' } });
  });
});
