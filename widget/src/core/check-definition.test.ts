import { CUSTOM_FIELD_DEFAULTS, FIELD_CATALOGUE, Theme } from '@gleantap-capture/shared';
import { describe, expect, it } from 'vitest';
import { DEFINITION } from '../testing/fake-network.ts';
import { ALLOWED, definitionProblem } from './check-definition.ts';
import type { Definition } from './definition.ts';

type PublicFormDefinition = Definition;
// The field types the per-locale definition adds; once the shared catalogue has them this list adds nothing.
const AGREED_TYPES = ['checkbox', 'radio', 'multiselect', 'number', 'location'];

const SHAPES = [...Object.values(FIELD_CATALOGUE), ...Object.values(CUSTOM_FIELD_DEFAULTS)];
const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

function withField(patch: Record<string, unknown>): PublicFormDefinition {
  return { ...DEFINITION, fields: [...DEFINITION.fields, { ...(DEFINITION.fields[0] as object), name: 'extra', ...patch } as PublicFormDefinition['fields'][number]] };
}

describe('checking a served definition before rendering', () => {
  it('allows exactly the field types, autocomplete and inputmode tokens the field catalogue can produce', () => {
    expect(sorted(ALLOWED.TYPES)).toEqual(sorted([...Object.keys(CUSTOM_FIELD_DEFAULTS), ...AGREED_TYPES]));
    expect(sorted(ALLOWED.AUTOCOMPLETE)).toEqual(sorted(SHAPES.map((shape) => shape.autocomplete)));
    expect(sorted(ALLOWED.INPUTMODE)).toEqual(sorted(SHAPES.map((shape) => shape.inputmode)));
  });

  it('accepts what the proxy serves', () => {
    expect(definitionProblem(DEFINITION)).toBeUndefined();
    expect(definitionProblem({ ...DEFINITION, success: { message: '', redirectUrl: 'https://example.com/thanks' } })).toBeUndefined();
  });

  it.each([
    [{ type: 'password' }],
    [{ type: 'hidden' }],
    [{ type: 'file' }],
    [{ autocomplete: 'cc-number' }],
    [{ autocomplete: 'cc-csc' }],
    [{ autocomplete: 'current-password' }],
    [{ autocomplete: 'new-password' }],
    [{ autocomplete: 'one-time-code' }],
    [{ autocomplete: 'username' }],
    [{ inputmode: 'url' }],
    [{ name: 'gleantap-hp' }],
    [{ name: 'a],*' }],
  ])('refuses a field the catalogue cannot produce: %o', (patch) => {
    expect(definitionProblem(withField(patch))).toBe('fields');
  });

  it.each(['javascript:alert(1)', 'http://example.com/', 'data:text/html,x', '//evil.example/', ' https://example.com/'])('refuses a success redirect to %s', (redirectUrl) => {
    expect(definitionProblem({ ...DEFINITION, success: { message: '', redirectUrl } })).toBe('success.redirectUrl');
  });

  it('refuses a definition without its locale’s messages (an older proxy’s per-locale records), and one of the wrong shape', () => {
    expect(definitionProblem({ ...DEFINITION, messages: { en: DEFINITION.messages } as unknown as PublicFormDefinition['messages'] })).toBe('messages');
    expect(definitionProblem(null as unknown as PublicFormDefinition)).toBe('shape');
    expect(definitionProblem({ ...DEFINITION, fields: 'text' } as unknown as PublicFormDefinition)).toBe('shape');
  });

  // The widget checks theme values with the shared patterns, without zod: on every theme key
  // the shared schema knows, both must agree on honest values and on CSS injection attempts.
  const SAMPLES = [
    '#fff',
    '#1f5fd1',
    '#1f5fd1cc',
    'rgb(31, 95, 209)',
    'hsl(220 74% 47%)',
    'red',
    'url(https://evil.example/beacon)',
    '#fff;background:url(https://evil.example/b)',
    'var(--x)',
    '1px',
    '1.5rem',
    '0',
    '10%',
    'calc(1px + 1em)',
    '1px;x:url(//e)',
    '"Inter", sans-serif',
    'Georgia, serif',
    "'Open Sans'",
    'x;}*{background:url(//e)}',
    'expression(alert(1))',
    '',
    ' ',
  ];
  it.each(Object.keys(Theme.shape))('agrees with the shared Theme schema on %s', (key) => {
    for (const value of SAMPLES) {
      const widget = definitionProblem({ ...DEFINITION, theme: { [key]: value } }) === undefined;
      expect([key, value, widget]).toEqual([key, value, Theme.safeParse({ [key]: value }).success]);
    }
  });

  it('refuses theme keys that are not plain names, whatever the value', () => {
    expect(definitionProblem({ ...DEFINITION, theme: { 'x:url(//e);--y': '1px' } as PublicFormDefinition['theme'] })).toBe('theme');
    expect(definitionProblem({ ...DEFINITION, theme: { accentColor: ['#fff'] } as unknown as PublicFormDefinition['theme'] })).toBe('theme');
  });
});
