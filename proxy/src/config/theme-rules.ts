import { COLOR_PATTERN, type Theme } from '@gleantap-capture/shared';
import { over, parseColour, type Rgba } from './colour.ts';
import type { ConfigProblem } from './config.ts';
import { contrastRatio } from './contrast.ts';
import { patternMessage } from './format-messages.ts';
import { problem } from './problems.ts';

/** The widget's own fallbacks (`widget/src/ui/styles.ts`): `--gleantap-accent` and `--gleantap-accent-text`. */
export const DEFAULT_ACCENT = '#1f5fd1';
export const DEFAULT_ACCENT_TEXT = '#fff';
/** WCAG 2.x AA for normal-size text. */
export const AA_CONTRAST = 4.5;

const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 1 };
const BLACK: Rgba = { r: 0, g: 0, b: 0, a: 1 };

/** Rounded down, so a ratio just under the bar never prints as the bar itself. */
function shown(ratio: number): string {
  const tenths = Math.floor(ratio * 10) / 10;
  return tenths >= AA_CONTRAST ? (Math.floor(ratio * 100) / 100).toFixed(2) : tenths.toFixed(1);
}

/**
 * The lowest contrast the button's text can have. Translucent colours are composited as the
 * browser would: the text over the button, the button over the form background, and a
 * translucent or unset form background over the host page, which the proxy cannot see, so
 * both a white and a black page are tried and the worse result counts.
 */
export function worstButtonContrast(accent: Rgba, text: Rgba, background: Rgba | undefined): number {
  const pages = background !== undefined && background.a === 1 ? [background] : [WHITE, BLACK].map((page) => (background ? over(background, page) : page));
  return Math.min(
    ...pages.map((page) => {
      const button = over(accent, page);
      return contrastRatio(over(text, button), button);
    }),
  );
}

/** A theme whose button text fails WCAG AA against its accent colour is a configuration mistake. */
export function checkThemeContrast(theme: Theme | undefined, formPath: string, problems: ConfigProblem[]): void {
  const colours: Partial<Record<'accentColor' | 'accentTextColor' | 'backgroundColor', Rgba>> = {};
  let readable = true;
  for (const key of ['accentColor', 'accentTextColor', 'backgroundColor'] as const) {
    const value = theme?.[key];
    if (value === undefined) continue;
    const colour = parseColour(value);
    if (colour === undefined) {
      problems.push(problem(`${formPath}.theme.${key}`, patternMessage(String(COLOR_PATTERN)) ?? 'is not a colour'));
      readable = false;
    } else colours[key] = colour;
  }
  if (!readable) return;
  const accent = colours.accentColor ?? parseColour(DEFAULT_ACCENT);
  const text = colours.accentTextColor ?? parseColour(DEFAULT_ACCENT_TEXT);
  if (accent === undefined || text === undefined) return;
  const ratio = worstButtonContrast(accent, text, colours.backgroundColor);
  if (ratio >= AA_CONTRAST) return;
  const at = theme?.accentTextColor !== undefined ? 'accentTextColor' : 'accentColor';
  const textName = theme?.accentTextColor ?? `${DEFAULT_ACCENT_TEXT} (default)`;
  const accentName = theme?.accentColor ?? `${DEFAULT_ACCENT} (default)`;
  const translucent = accent.a < 1 ? ' (a translucent accent is measured over a white and a black page; the worse counts)' : '';
  problems.push(
    problem(
      `${formPath}.theme.${at}`,
      `button text ${textName} on accent ${accentName} has a contrast of ${shown(ratio)}:1, needs ${AA_CONTRAST}:1 (WCAG AA)${translucent}; set accentTextColor or choose another accentColor`,
    ),
  );
}
