/**
 * The shapes a theme value may take, apart from the zod schema (theme.ts): typed values that
 * cannot close a CSS declaration or load anything, since they go into the form's stylesheet.
 */

/** `#rgb`, `#rrggbb`, `#rrggbbaa`, or `rgb()/hsl()` with numbers only. Never free CSS. */
export const COLOR_PATTERN = /^(#[0-9a-fA-F]{3,4}|#[0-9a-fA-F]{6}|#[0-9a-fA-F]{8}|(rgb|rgba|hsl|hsla)\(\s*[0-9.]+%?(\s*[, ]\s*[0-9.]+%?){2}(\s*[,/]\s*[0-9.]+%?)?\s*\))$/;
/** A non-negative length in px, rem or em. */
export const LENGTH_PATTERN = /^(0|[0-9]{1,3}(\.[0-9]{1,3})?(px|rem|em))$/;
/** A comma-separated font family list: names, optionally quoted. */
export const FONT_LIST_PATTERN =
  /^(\s*("[A-Za-z0-9 -]{1,40}"|'[A-Za-z0-9 -]{1,40}'|[A-Za-z0-9-]{1,40}( [A-Za-z0-9-]{1,40})*)\s*)(,(\s*("[A-Za-z0-9 -]{1,40}"|'[A-Za-z0-9 -]{1,40}'|[A-Za-z0-9-]{1,40}( [A-Za-z0-9-]{1,40})*)\s*)){0,7}$/;

/** `theme.colorScheme`: `auto` follows the visitor's `prefers-color-scheme`. */
export const COLOR_SCHEMES = ['light', 'dark', 'auto'] as const;
