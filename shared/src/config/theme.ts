import * as z from 'zod/mini';
import { COLOR_PATTERN, FONT_LIST_PATTERN, LENGTH_PATTERN } from './theme-patterns.ts';

export { COLOR_PATTERN, FONT_LIST_PATTERN, LENGTH_PATTERN };

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
