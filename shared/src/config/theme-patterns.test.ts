import { describe, expect, it } from 'vitest';
import { Theme } from './theme.ts';
import { isThemeSafe } from './theme-patterns.ts';

// The widget checks a served theme with isThemeSafe, without zod: on honest values and on
// injection attempts, at the top level and inside `dark`, it must agree with the schema.
const VALUES: unknown[] = [
  '#fff',
  '#8ab4f8cc',
  'hsl(220 74% 47%)',
  'red',
  'url(//e)',
  '#fff;x:url(//e)',
  '1rem',
  '"Inter", sans-serif',
  'light',
  'dark',
  'auto',
  'night',
  '',
  7,
  null,
  ['#fff'],
  {},
  { accentColor: '#fff' },
];
const KEYS = [...Object.keys(Theme.shape), 'x:url(//e);--y'];

describe('the zod-free theme check', () => {
  it.each(KEYS)('agrees with the Theme schema on %s', (key) => {
    for (const value of VALUES) expect([key, value, isThemeSafe({ [key]: value })]).toEqual([key, value, Theme.safeParse({ [key]: value }).success]);
  });

  it.each(KEYS)('agrees with the Theme schema on dark.%s', (key) => {
    for (const value of VALUES) {
      const theme = { dark: { [key]: value } };
      expect([key, value, isThemeSafe(theme)]).toEqual([key, value, Theme.safeParse(theme).success]);
    }
  });

  it('takes a whole dark theme and a forced scheme, and refuses a dark object that is not one', () => {
    expect(isThemeSafe({ colorScheme: 'dark', radius: '4px', dark: { accentColor: '#ffcc00', accentTextColor: '#111', backgroundColor: '#000' } })).toBe(true);
    expect(isThemeSafe({ dark: '#000' })).toBe(false);
    expect(isThemeSafe({ dark: null })).toBe(false);
    expect(isThemeSafe({ dark: { dark: {} } })).toBe(false);
    expect(isThemeSafe(null)).toBe(false);
  });
});
