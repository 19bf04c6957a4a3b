/**
 * Adopts the form's stylesheet into its shadow root. The proxy builds it (base rules, theme,
 * dark scheme) and sends it in the definition; a constructable stylesheet needs no `<style>`
 * element and no `style=` attribute, so a strict Content-Security-Policy without
 * 'unsafe-inline' allows it.
 */
export function adoptStyles(root: ShadowRoot, css: string): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  root.adoptedStyleSheets = [sheet];
}
