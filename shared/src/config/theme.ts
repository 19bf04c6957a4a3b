import * as z from 'zod/mini';

/** `#rgb`, `#rrggbb`, `#rrggbbaa`, or `rgb()/hsl()` with numbers only. Never free CSS. */
export const COLOR_PATTERN = /^(#[0-9a-fA-F]{3,4}|#[0-9a-fA-F]{6}|#[0-9a-fA-F]{8}|(rgb|rgba|hsl|hsla)\(\s*[0-9.]+%?(\s*[, ]\s*[0-9.]+%?){2}(\s*[,/]\s*[0-9.]+%?)?\s*\))$/;
/** A non-negative length in px, rem or em. */
export const LENGTH_PATTERN = /^(0|[0-9]{1,3}(\.[0-9]{1,3})?(px|rem|em))$/;
/** A comma-separated font family list: names, optionally quoted. */
export const FONT_LIST_PATTERN = /^(\s*("[A-Za-z0-9 -]{1,40}"|'[A-Za-z0-9 -]{1,40}'|[A-Za-z0-9-]{1,40}( [A-Za-z0-9-]{1,40})*)\s*)(,(\s*("[A-Za-z0-9 -]{1,40}"|'[A-Za-z0-9 -]{1,40}'|[A-Za-z0-9-]{1,40}( [A-Za-z0-9-]{1,40})*)\s*)){0,7}$/;

const color = (description: string) => z.optional(z.string().check(z.regex(COLOR_PATTERN), z.describe(description)));
const length = (description: string) => z.optional(z.string().check(z.regex(LENGTH_PATTERN), z.describe(description)));

/** Typed theme values; the widget maps each to a documented CSS custom property. */
export const Theme = z.strictObject({
  accentColor: color('Buttons, focus rings and ticked boxes (`--gleantap-accent`). Default `#1f5fd1`.'),
  accentTextColor: color('Button text on the accent colour (`--gleantap-accent-text`). Default `#fff`; it must reach 4.5:1 contrast (WCAG AA) against accentColor.'),
  textColor: color('Text colour (`--gleantap-text`).'),
  backgroundColor: color('Form background (`--gleantap-background`).'),
  errorColor: color('Error messages and invalid borders (`--gleantap-error`).'),
  borderColor: color('Input borders (`--gleantap-border`).'),
  radius: length('Corner radius of inputs and button (`--gleantap-radius`).'),
  spacing: length('Space between fields (`--gleantap-spacing`).'),
  fontSize: length('Base font size (`--gleantap-font-size`); the host font family is inherited unless fontFamily is set.'),
  fontFamily: z.optional(z.string().check(z.regex(FONT_LIST_PATTERN), z.describe('Font family list, e.g. `"Inter", sans-serif` (`--gleantap-font-family`).'))),
});
export type Theme = z.infer<typeof Theme>;
