import type { Theme } from '@gleantap-capture/shared';

/**
 * The dark scheme's defaults, as values of the documented custom properties (so the page's own
 * overrides on the host element still win) plus the inputs' colours (`--fb`/`--ft`) and the
 * padding (`--gp`) of the dark surface an inline form draws: on a page the widget cannot see,
 * its own background is what keeps every text readable.
 */
const DARK =
  '--gleantap-accent:#8ab4f8;--gleantap-accent-text:#111;--gleantap-text:#ececec;--gleantap-background:#1f1f1f;--gleantap-error:#f2b8b5;--gleantap-border:#9a9a9a;--fb:#2b2b2b;--ft:#ececec;--gp:1rem;color-scheme:dark';
const DARK_MEDIA = '@media(prefers-color-scheme:dark){:host{';

/**
 * The form's styles, adopted as a constructable stylesheet: no `<style>` element and no
 * `style=` attribute, so a strict Content-Security-Policy without 'unsafe-inline' allows it.
 * Every colour and size is a documented custom property the host page may override; an unset
 * one without a fallback leaves the inherited text properties inherited and the background
 * transparent. Each line ends in `\`, a line continuation: one rule per line here, and no
 * newline in the bundle.
 */
export const BASE_CSS = `\
:host{display:block;max-width:100%;--a:var(--gleantap-accent,#1f5fd1);--e:var(--gleantap-error,#b3261e);--r:var(--gleantap-radius,.375rem);color:var(--gleantap-text);font-family:var(--gleantap-font-family);font-size:var(--gleantap-font-size);line-height:1.4}\
*{box-sizing:border-box}\
.gc{display:grid;gap:.5rem;max-width:36rem;background:var(--gleantap-background);padding:var(--gp,0);border-radius:var(--r)}\
p,h2,fieldset{margin:0}\
h2{font-size:1.25em}\
form,.field,.notice{display:grid;gap:.3rem}\
form{gap:var(--gleantap-spacing,1rem);margin:0}\
fieldset{border:0;padding:0;min-width:0}\
label,legend{font-weight:600;overflow-wrap:anywhere;padding:0}\
.req,.check label,.opt{font-weight:400}\
input,select,textarea,button{font:inherit;margin:0;max-width:100%}\
input,select,textarea{width:100%;min-height:2.75em;padding:.5em .75em;color:var(--ft,#111);background:var(--fb,#fff);border:1px solid var(--gleantap-border,#6b6b6b);border-radius:var(--r)}\
textarea{min-height:6em}\
[aria-invalid=true]{border:2px solid var(--e)}\
.error{color:var(--e);font-weight:600}\
.check,.opt{display:grid;grid-template-columns:auto 1fr;gap:.5rem}\
[type=checkbox],[type=radio]{width:1.25em;height:1.25em;min-height:0;accent-color:var(--a)}\
.check p{grid-column:2}\
a{color:inherit}\
button{cursor:pointer;min-height:2.75em;padding:.6em 1.25em;border:2px solid var(--a);border-radius:var(--r);background:var(--a);color:var(--gleantap-accent-text,#fff);font-weight:600;justify-self:start}\
button:disabled{opacity:.7}\
:focus-visible{outline:3px solid var(--a);outline-offset:2px}\
.notice,.success{padding:.75em;border-left:4px solid var(--e);background:var(--gleantap-background)}\
.success{border-color:var(--a);font-weight:600}\
.notice button,.close{background:none;color:inherit;border-color:currentColor}\
.sr,.hp{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}\
dialog{--gp:0;width:36rem;padding:1.5rem;border:0;border-radius:var(--r);color:var(--gleantap-text,#111);background:var(--gleantap-background,#fff)}\
dialog::backdrop{background:#0008}\
.close{float:right;border-color:transparent;padding:.2em .6em}\
${DARK_MEDIA}${DARK}}}`;

const declarations = (theme: object) =>
  Object.entries(theme)
    // The proxy serves only typed values (colours, lengths, font lists) checked by the shared
    // schema, and it serves this script too: a second check here would guard nothing.
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'colorScheme')
    .map(([key, value]) => `--gleantap-${key.replace(/Color$/, '').replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}:${value}`)
    .join(';');

/**
 * The owner's theme as `:host` custom properties (`accentColor` → `--gleantap-accent`,
 * `fontSize` → `--gleantap-font-size`); the page's own CSS on the host element still wins.
 * The dark scheme takes the built-in dark colours and `theme.dark`, never the light colours:
 * under the visitor's `prefers-color-scheme` by default, always with `colorScheme: "dark"`,
 * never with `"light"` (which sets the dark defaults back to unset, so each falls back).
 */
export function themeCss(theme: Theme): string {
  const light = `:host{${declarations(theme)}}`;
  const dark = `${DARK};${declarations(theme.dark ?? {})}}`;
  const scheme = theme.colorScheme;
  return scheme === 'light' ? `${DARK_MEDIA}${DARK.replace(/:[^;]+/g, ':initial')}}}${light}` : scheme === 'dark' ? `${light}:host{${dark}` : `${light}${DARK_MEDIA}${dark}}`;
}

/** Adopts stylesheets into a shadow root (constructable stylesheets only). */
export function adoptStyles(root: ShadowRoot, cssTexts: readonly string[]): void {
  root.adoptedStyleSheets = cssTexts.filter(Boolean).map((text) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    return sheet;
  });
}
