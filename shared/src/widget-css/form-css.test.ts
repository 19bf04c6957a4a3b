import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COLOR_PATTERN, FONT_LIST_PATTERN, LENGTH_PATTERN, Theme } from '../config/theme.ts';
import { isCssSafe } from './css-safety.ts';
import { buildFormCss, DARK_DEFAULTS } from './form-css.ts';

/** The declarations of every `:host` rule, in order. */
function hostRules(css: string): string[] {
  return [...css.matchAll(/:host\{([^}]*)\}/g)].map((match) => match[1] ?? '');
}

describe('a form’s stylesheet', () => {
  it('maps the owner’s theme to the documented custom properties on :host', () => {
    const css = buildFormCss({ accentColor: '#0b6e4f', accentTextColor: '#fff', radius: '8px', fontFamily: '"Inter", sans-serif', fontSize: '18px' });
    expect(hostRules(css)).toContain('--gleantap-accent:#0b6e4f;--gleantap-accent-text:#fff;--gleantap-radius:8px;--gleantap-font-family:"Inter", sans-serif;--gleantap-font-size:18px');
  });

  it('follows the visitor’s scheme by default: the built-in dark colours, then the owner’s dark ones, never the light ones', () => {
    const css = buildFormCss({ accentColor: '#0b6e4f', dark: { accentColor: '#6fd3ad', accentTextColor: '#0b1f17' } });
    const media = css.slice(css.indexOf('@media(prefers-color-scheme:dark){'));
    expect(media).toContain('--gleantap-accent:#6fd3ad;--gleantap-accent-text:#0b1f17;--gleantap-text:#ececec;--gleantap-background:#1f1f1f');
    expect(media).not.toContain('#0b6e4f');
    expect(media).toContain('color-scheme:dark');
  });

  it('draws the dark surface always with colorScheme "dark", and never with "light"', () => {
    const dark = buildFormCss({ colorScheme: 'dark' });
    expect(dark).not.toContain('@media');
    expect(hostRules(dark).at(-1)).toContain(`--gleantap-background:${DARK_DEFAULTS.backgroundColor}`);
    const light = buildFormCss({ colorScheme: 'light', dark: { accentColor: '#6fd3ad' } });
    expect(light).not.toContain('@media');
    expect(light).not.toContain('color-scheme:dark');
    expect(light).not.toContain('#6fd3ad');
  });

  it('writes no property for colorScheme or dark themselves', () => {
    expect(buildFormCss({ colorScheme: 'auto', dark: {} })).not.toMatch(/--gleantap-(color-scheme|dark)/);
  });

  it('is one line with balanced braces, and safe for the widget to adopt, for any theme the schema accepts', () => {
    const colour = fc.constantFrom('#fff', '#8ab4f8cc', 'hsl(220 74% 47%)', 'rgb(1, 2, 3)', 'rgba(0 0 0 / 50%)');
    const theme = fc.record(
      {
        accentColor: colour,
        textColor: colour,
        radius: fc.constantFrom('0', '8px', '1.5rem'),
        fontFamily: fc.constantFrom('"Image Sans", serif', "'Url Grotesk'", 'system-ui, sans-serif'),
        colorScheme: fc.constantFrom('auto', 'light', 'dark'),
        dark: fc.record({ accentColor: colour, backgroundColor: colour }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(theme, (value) => {
        expect(Theme.safeParse(value).success).toBe(true);
        const css = buildFormCss(value as Theme);
        expect(css).not.toContain('\n');
        expect(css.split('{').length).toBe(css.split('}').length);
        expect(isCssSafe(css)).toBe(true);
      }),
    );
  });
});

describe('the widget’s stylesheet check', () => {
  it.each([
    'a{background:url(//evil.example/x)}',
    'a{background:URL( "//e")}',
    '@import "//e/x.css";',
    'a{background:image-set("//e/x.png" 1x)}',
    'a{background:-webkit-image-set("x" 1x)}',
    'a{b:\\75 rl(//e)}',
    '@font-face{src:src("x")}',
  ])('refuses %s', (css) => {
    expect(isCssSafe(css)).toBe(false);
  });

  it('refuses anything but a string', () => {
    for (const value of [undefined, null, 7, ['a{}'], {}]) expect(isCssSafe(value)).toBe(false);
  });

  it('accepts what the theme patterns allow', () => {
    expect(COLOR_PATTERN.test('hsl(220 74% 47%)') && LENGTH_PATTERN.test('8px') && FONT_LIST_PATTERN.test('"Image Sans", serif')).toBe(true);
    expect(isCssSafe(buildFormCss({ fontFamily: '"Image Sans", serif' }))).toBe(true);
  });
});
