import { describe, expect, it } from 'vitest';
import { ErrorBody, en, NewContactBody, PublicFormDefinition, Submission } from './index.ts';

describe('wire schemas', () => {
  const id = '0b6c1a3e-1f0a-4d5e-9c8b-7a6f5e4d3c2b';

  it('a submission has only the documented keys', () => {
    expect(Submission.safeParse({ id, fields: { a: 1 }, consent: { sms: { granted: true, version: 'v' } }, context: { utm_source: 'x' }, token: 't', hp: '' }).success).toBe(true);
    expect(Submission.safeParse({ id, fields: {}, app_id: 'x' }).success).toBe(false);
    expect(Submission.safeParse({ id, fields: [] }).success).toBe(false);
    expect(Submission.safeParse({ id, fields: {}, context: { utm_source: 'x'.repeat(2049) } }).success).toBe(false);
    expect(Submission.safeParse({ id, fields: {}, consent: { sms: { granted: 'yes', version: 'v' } } }).success).toBe(false);
  });

  it('newContact accepts documented fields and safe custom attributes only', () => {
    const base = { app_id: 'a', first_name: 'b', last_name: 'c' };
    expect(NewContactBody.safeParse({ ...base, dob: '1990-01-02', created_date: '2024-01-02 03:04:05', tags: 'a,b', tag_action: 'add', optin_sms: true, goal: 'x', score: 3 }).success).toBe(true);
    expect(NewContactBody.safeParse({ ...base, dob: '02/01/1990' }).success).toBe(false);
    expect(NewContactBody.safeParse({ ...base, tag_action: 'replace' }).success).toBe(false);
    expect(NewContactBody.safeParse({ ...base, 'bad key': 'x' }).success).toBe(false);
    expect(NewContactBody.safeParse({ ...base, constructor: 'x' }).success).toBe(false);
    expect(NewContactBody.safeParse({ ...base, nested: { a: 1 } }).success).toBe(false);
    expect(NewContactBody.safeParse({ app_id: 'a', first_name: 'b' }).success).toBe(false);
  });

  it('the public definition refuses owner-only keys', () => {
    const field = { name: 'location', type: 'location', label: 'Studio', required: true, autocomplete: 'off', inputmode: 'none', maxLength: 256, options: [{ value: 'up', label: 'Uptown' }] };
    const definition = { id: 'f', locale: 'en', fields: [field], consent: [], messages: en, theme: {}, css: ':host{}', submitLabel: 'Go', success: { message: 'Thanks' } };
    expect(PublicFormDefinition.safeParse(definition).success).toBe(true);
    for (const leak of ['app_id', 'tags', 'source', 'allowedOrigins', 'account', 'location', 'locales']) {
      expect(PublicFormDefinition.safeParse({ ...definition, [leak]: 'x' }).success, leak).toBe(false);
    }
    // A studio option carries what the visitor sees, never the Gleantap location or account.
    for (const leak of ['location', 'account']) {
      expect(PublicFormDefinition.safeParse({ ...definition, fields: [{ ...field, options: [{ value: 'up', label: 'Uptown', [leak]: 'x' }] }] }).success, leak).toBe(false);
    }
    // One locale's texts, never a per-locale record.
    expect(PublicFormDefinition.safeParse({ ...definition, submitLabel: { en: 'Go' } }).success).toBe(false);
    expect(PublicFormDefinition.safeParse({ ...definition, theme: { accentColor: 'red; background:url(x)' } }).success).toBe(false);
  });

  it('error answers use the documented codes', () => {
    expect(ErrorBody.safeParse({ error: { code: 'invalid_fields', message: 'm', fields: { email: 'invalid_email' } } }).success).toBe(true);
    expect(ErrorBody.safeParse({ error: { code: 'teapot', message: 'm' } }).success).toBe(false);
    expect(ErrorBody.safeParse({ error: { code: 'invalid_fields', message: 'm', fields: { email: 'bad' } } }).success).toBe(false);
  });
});
