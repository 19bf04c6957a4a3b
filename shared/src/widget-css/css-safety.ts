/**
 * Whether a served stylesheet is one the proxy could have built (`buildFormCss`): the widget
 * adopts it as is, so it must not load anything. No `url(`, `image(`/`image-set(` (whose
 * strings are URLs), `src(` or `@import`, and no backslash, so none of them can be spelt with
 * CSS escapes. The theme's typed values cannot contain any of these.
 */
export const isCssSafe = (css: unknown): boolean => typeof css === 'string' && !/\\|@import|url\(|image(-set)?\(|src\(/i.test(css);
