import type { Theme } from '../config/theme.ts';

/**
 * The widget's built-in colours where the theme leaves one unset (the proxy's contrast rules
 * check the owner's colours against these same values).
 */
export const LIGHT_DEFAULTS = { accentColor: '#1f5fd1', accentTextColor: '#fff', errorColor: '#b3261e', borderColor: '#6b6b6b' } as const;
/** The dark scheme's built-in colours: a form on a page it cannot see draws its own dark surface. */
export const DARK_DEFAULTS = {
  accentColor: '#8ab4f8',
  accentTextColor: '#111',
  textColor: '#ececec',
  backgroundColor: '#1f1f1f',
  errorColor: '#f2b8b5',
  borderColor: '#9a9a9a',
} as const;

/**
 * The rules every form shares. Every colour and size is a documented custom property the host
 * page may override on the host element; an unset one without a fallback leaves the inherited
 * text properties inherited and the background transparent. `--fb`/`--ft` are the inputs'
 * colours and `--gp` the padding of a form that draws its own (dark) surface.
 */
const L = LIGHT_DEFAULTS;
const BASE_RULES = [
  `:host{display:block;max-width:100%;--a:var(--gleantap-accent,${L.accentColor});--e:var(--gleantap-error,${L.errorColor});--r:var(--gleantap-radius,.375rem);color:var(--gleantap-text);font-family:var(--gleantap-font-family);font-size:var(--gleantap-font-size);line-height:1.4}`,
  `*{box-sizing:border-box}`,
  `.gc{display:grid;gap:.5rem;max-width:36rem;background:var(--gleantap-background);padding:var(--gp,0);border-radius:var(--r)}`,
  `p,h2,fieldset{margin:0}`,
  // The intro belongs to the heading above it, not to the first field below.
  `[part=intro]{margin-bottom:.5rem}`,
  `h2{font-size:1.25em}`,
  `form,.field,.notice{display:grid;gap:.3rem}`,
  `form{gap:var(--gleantap-spacing,1rem);margin:0}`,
  `fieldset{border:0;padding:0;min-width:0}`,
  `label,legend{font-weight:600;overflow-wrap:anywhere;padding:0}`,
  `.req,.check label,.opt{font-weight:400}`,
  `input,select,textarea,button{font:inherit;margin:0;max-width:100%}`,
  `input,select,textarea{width:100%;min-height:2.75em;padding:.5em .75em;color:var(--ft,#111);background:var(--fb,#fff);border:1px solid var(--gleantap-border,${L.borderColor});border-radius:var(--r)}`,
  `textarea{min-height:6em}`,
  `[aria-invalid=true]{border:2px solid var(--e)}`,
  `.error{color:var(--e);font-weight:600}`,
  `.check,.opt{display:grid;grid-template-columns:auto 1fr;gap:.5rem}`,
  `[type=checkbox],[type=radio]{width:1.25em;height:1.25em;min-height:0;accent-color:var(--a)}`,
  `.check p{grid-column:2}`,
  `a{color:inherit}`,
  `button{cursor:pointer;min-height:2.75em;padding:.6em 1.25em;border:2px solid var(--a);border-radius:var(--r);background:var(--a);color:var(--gleantap-accent-text,${L.accentTextColor});font-weight:600;justify-self:start}`,
  `button:disabled{opacity:.7}`,
  `:focus-visible{outline:3px solid var(--a);outline-offset:2px}`,
  `.notice,.success{padding:.75em;border-left:4px solid var(--e);background:var(--gleantap-background)}`,
  `.success{border-color:var(--a);font-weight:600}`,
  `.notice button,.close{background:none;color:inherit;border-color:currentColor}`,
  `.sr,.hp{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}`,
  `dialog{--gp:0;width:36rem;padding:1.5rem;border:0;border-radius:var(--r);color:var(--gleantap-text,#111);background:var(--gleantap-background,#fff)}`,
  `dialog::backdrop{background:#0008}`,
  // In the dialog's corner, out of the flow: a float beside the form's grid would narrow every
  // input for the form's whole height. The heading leaves it room; without one, the form starts below it.
  `.close{position:absolute;top:.75rem;right:.75rem;border-color:transparent;padding:.2em .6em}`,
  `dialog h2{margin-right:2.5rem}`,
  `dialog:not(:has(h2)){padding-top:3.75rem}`,
];

const DARK_MEDIA = '@media(prefers-color-scheme:dark)';

/** `accentColor` → `--gleantap-accent`, `fontSize` → `--gleantap-font-size`. */
const property = (key: string) => `--gleantap-${key.replace(/Color$/, '').replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;

/** Only string values: `colorScheme` and `dark` are not custom properties. */
const declarations = (values: object): string[] =>
  Object.entries(values)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'colorScheme')
    .map(([key, value]) => `${property(key)}:${value}`);

/** The dark surface: the built-in dark colours, then the owner's `dark` ones (never the light theme's). */
const darkDeclarations = (dark: Theme['dark']): string[] => [...declarations({ ...DARK_DEFAULTS, ...dark }), '--fb:#2b2b2b;--ft:#ececec;--gp:1rem;color-scheme:dark'];

/**
 * A form's whole stylesheet, built by the proxy once per form and sent in its definition, so
 * the widget carries no CSS and no theme code. The owner's typed theme (checked by the `Theme`
 * schema: colours, lengths, font lists) becomes `:host` custom properties; the page's own CSS
 * on the host element still wins. The dark scheme applies under the visitor's
 * `prefers-color-scheme` (`colorScheme: "auto"`, the default), always with `"dark"`, never
 * with `"light"`. The result has no `url(`, no `@import` and no backslash: the widget refuses
 * a stylesheet that does (see `isCssSafe`).
 */
export function buildFormCss(theme: Theme): string {
  const light = declarations(theme);
  const rules = [...BASE_RULES];
  if (light.length) rules.push(`:host{${light.join(';')}}`);
  const dark = `:host{${darkDeclarations(theme.dark).join(';')}}`;
  if (theme.colorScheme === 'dark') rules.push(dark);
  else if (theme.colorScheme !== 'light') rules.push(`${DARK_MEDIA}{${dark}}`);
  return rules.join('');
}
