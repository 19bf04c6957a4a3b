/**
 * The shapes a theme value may take, apart from the zod schema (theme.ts) so the widget can
 * check a served definition with the very same patterns without bundling zod.
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

const PLAIN_KEY = /^[a-z][A-Za-z]*$/;

/** The pattern a theme value must match: colours for `…Color` keys, a font list, else a length. */
function patternFor(key: string): RegExp {
  return key.endsWith('Color') ? COLOR_PATTERN : key === 'fontFamily' ? FONT_LIST_PATTERN : LENGTH_PATTERN;
}

/**
 * Whether a served theme holds only what the `Theme` schema allows, without zod (for the
 * widget): plain keys (each becomes a custom property's name), typed values, a known
 * `colorScheme`, and a `dark` object of colours only.
 */
export function isThemeSafe(theme: unknown, dark?: boolean): boolean {
  return (
    typeof theme === 'object' &&
    theme !== null &&
    Object.entries(theme).every(([key, value]) =>
      dark
        ? key.endsWith('Color') && PLAIN_KEY.test(key) && typeof value === 'string' && COLOR_PATTERN.test(value)
        : key === 'dark'
          ? isThemeSafe(value, true)
          : key === 'colorScheme'
            ? COLOR_SCHEMES.includes(value)
            : PLAIN_KEY.test(key) && typeof value === 'string' && patternFor(key).test(value),
    )
  );
}
