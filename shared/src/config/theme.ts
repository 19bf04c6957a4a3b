import * as z from 'zod/mini';
import { COLOR_PATTERN, COLOR_SCHEMES, FONT_LIST_PATTERN, LENGTH_PATTERN } from './theme-patterns.ts';

export { COLOR_PATTERN, FONT_LIST_PATTERN, LENGTH_PATTERN };

const color = (description: string) => z.optional(z.string().check(z.regex(COLOR_PATTERN), z.describe(description)));
const length = (description: string) => z.optional(z.string().check(z.regex(LENGTH_PATTERN), z.describe(description)));

/** The theme's colours; the dark variant overrides exactly these. */
const COLOURS = {
  accentColor: color('Buttons, focus rings and ticked boxes (`--gleantap-accent`). Default `#1f5fd1`; `#8ab4f8` in the dark scheme.'),
  accentTextColor: color('Button text on the accent colour (`--gleantap-accent-text`). Default `#fff`; `#111` in the dark scheme; it must reach 4.5:1 contrast (WCAG AA) against accentColor.'),
  textColor: color('Text colour (`--gleantap-text`). Inherited from the page by default; `#ececec` in the dark scheme.'),
  backgroundColor: color('Form background (`--gleantap-background`). Transparent by default (white in the popup); `#1f1f1f` in the dark scheme.'),
  errorColor: color('Error messages and invalid borders (`--gleantap-error`). Default `#b3261e`; `#f2b8b5` in the dark scheme.'),
  borderColor: color('Input borders (`--gleantap-border`). Default `#6b6b6b`; `#9a9a9a` in the dark scheme.'),
};

/** The dark scheme's colours: any key left out takes the built-in dark default, not the light theme's value. */
export const DarkTheme = z.strictObject(COLOURS);
export type DarkTheme = z.infer<typeof DarkTheme>;

/** Typed theme values; the widget maps each to a documented CSS custom property. */
export const Theme = z.strictObject({
  ...COLOURS,
  radius: length('Corner radius of inputs and button (`--gleantap-radius`).'),
  spacing: length('Space between fields (`--gleantap-spacing`).'),
  fontSize: length('Base font size (`--gleantap-font-size`); the host font family is inherited unless fontFamily is set.'),
  fontFamily: z.optional(z.string().check(z.regex(FONT_LIST_PATTERN), z.describe('Font family list, e.g. `"Inter", sans-serif` (`--gleantap-font-family`).'))),
  colorScheme: z.optional(
    z
      .enum(COLOR_SCHEMES)
      .check(
        z.describe(
          '`auto` (default) follows the visitor’s `prefers-color-scheme`: in the dark scheme the form draws its own dark surface with the `dark` colours. `light` or `dark` forces one scheme.',
        ),
      ),
  ),
  dark: z.optional(
    DarkTheme.check(z.describe('The colours of the dark scheme (same keys as above, colours only); sizes and fonts are shared. Checked for WCAG AA button contrast like the light colours.')),
  ),
});
export type Theme = z.infer<typeof Theme>;
