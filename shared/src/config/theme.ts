import * as z from 'zod/mini';

import { COLOR, FONT_LIST, LENGTH } from './theme-patterns.ts';

const color = (description: string) => z.optional(z.string().check(z.regex(COLOR), z.describe(description)));
const length = (description: string) => z.optional(z.string().check(z.regex(LENGTH), z.describe(description)));

/** Typed theme values; the widget maps each to a documented CSS custom property. */
export const Theme = z.strictObject({
  accentColor: color('Buttons, focus rings and ticked boxes (`--gleantap-accent`).'),
  textColor: color('Text colour (`--gleantap-text`).'),
  backgroundColor: color('Form background (`--gleantap-background`).'),
  errorColor: color('Error messages and invalid borders (`--gleantap-error`).'),
  borderColor: color('Input borders (`--gleantap-border`).'),
  radius: length('Corner radius of inputs and button (`--gleantap-radius`).'),
  spacing: length('Space between fields (`--gleantap-spacing`).'),
  fontSize: length('Base font size (`--gleantap-font-size`); the host font family is inherited unless fontFamily is set.'),
  fontFamily: z.optional(z.string().check(z.regex(FONT_LIST), z.describe('Font family list, e.g. `"Inter", sans-serif` (`--gleantap-font-family`).'))),
});
export type Theme = z.infer<typeof Theme>;
