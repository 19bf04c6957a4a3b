import { buildFormCss, CUSTOM_FIELD_DEFAULTS, FIELD_CATALOGUE } from '@gleantap-capture/shared';
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

  it('adopts the stylesheet the proxy builds, for any scheme', () => {
    for (const colorScheme of ['auto', 'light', 'dark'] as const) {
      expect(definitionProblem({ ...DEFINITION, css: buildFormCss({ colorScheme, fontFamily: '"Image Sans", serif', dark: { accentColor: 'hsl(220 74% 47%)' } }) })).toBeUndefined();
    }
  });

  // A served stylesheet is adopted as is: one that could load anything never reaches the page.
  it.each([
    'a{background:url(https://evil.example/beacon)}',
    ':host{--gleantap-accent:#fff;background:URL(//e)}',
    '@import "https://evil.example/x.css";',
    'a{background:image-set("https://evil.example/x.png" 1x)}',
    'a{background:\\75 rl(//e)}',
  ])('refuses a stylesheet that loads from elsewhere: %s', (css) => {
    expect(definitionProblem({ ...DEFINITION, css })).toBe('css');
  });

  it('refuses a definition without a stylesheet (an older proxy’s, with only the theme)', () => {
    expect(definitionProblem({ ...DEFINITION, css: undefined } as unknown as PublicFormDefinition)).toBe('css');
  });
});
