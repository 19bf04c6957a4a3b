import { COLOR_PATTERN, DARK_DEFAULTS, LIGHT_DEFAULTS, type Theme } from '@gleantap-capture/shared';
import { over, parseColour, type Rgba } from './colour.ts';
import type { ConfigProblem } from './config.ts';
import { contrastRatio } from './contrast.ts';
import { patternMessage } from './format-messages.ts';
import { problem } from './problems.ts';

/** The form stylesheet's own fallbacks (`buildFormCss` in shared): `--gleantap-accent` and `--gleantap-accent-text`. */
export const DEFAULT_ACCENT = LIGHT_DEFAULTS.accentColor;
export const DEFAULT_ACCENT_TEXT = LIGHT_DEFAULTS.accentTextColor;
/** The stylesheet's dark-scheme colours: accent, its text, and the surface. */
export const DARK_ACCENT = DARK_DEFAULTS.accentColor;
export const DARK_ACCENT_TEXT = DARK_DEFAULTS.accentTextColor;
export const DARK_BACKGROUND = DARK_DEFAULTS.backgroundColor;
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

type Colours = Pick<Theme, 'accentColor' | 'accentTextColor' | 'backgroundColor'>;

/**
 * A theme whose button text fails WCAG AA against its accent colour is a configuration
 * mistake, in the light colours and in the dark ones (`theme.dark`, measured with the dark
 * scheme's defaults for what it leaves out), unless the scheme can never show.
 */
export function checkThemeContrast(theme: Theme | undefined, formPath: string, problems: ConfigProblem[]): void {
  if (theme?.colorScheme !== 'dark') checkColours(theme, `${formPath}.theme`, { accentColor: DEFAULT_ACCENT, accentTextColor: DEFAULT_ACCENT_TEXT }, problems);
  if (theme?.colorScheme !== 'light') checkColours(theme?.dark, `${formPath}.theme.dark`, { accentColor: DARK_ACCENT, accentTextColor: DARK_ACCENT_TEXT, backgroundColor: DARK_BACKGROUND }, problems);
}

function checkColours(theme: Colours | undefined, path: string, defaults: Colours, problems: ConfigProblem[]): void {
  const colours: Partial<Record<keyof Colours, Rgba>> = {};
  let readable = true;
  for (const key of ['accentColor', 'accentTextColor', 'backgroundColor'] as const) {
    const value = theme?.[key] ?? defaults[key];
    if (value === undefined) continue;
    const colour = parseColour(value);
    if (colour === undefined) {
      problems.push(problem(`${path}.${key}`, patternMessage(String(COLOR_PATTERN)) ?? 'is not a colour'));
      readable = false;
    } else colours[key] = colour;
  }
  if (!readable || colours.accentColor === undefined || colours.accentTextColor === undefined) return;
  const accent = colours.accentColor;
  const ratio = worstButtonContrast(accent, colours.accentTextColor, colours.backgroundColor);
  if (ratio >= AA_CONTRAST) return;
  const at = theme?.accentTextColor !== undefined ? 'accentTextColor' : 'accentColor';
  const textName = theme?.accentTextColor ?? `${defaults.accentTextColor} (default)`;
  const accentName = theme?.accentColor ?? `${defaults.accentColor} (default)`;
  const translucent = accent.a < 1 ? ' (a translucent accent is measured over a white and a black page; the worse counts)' : '';
  problems.push(
    problem(
      `${path}.${at}`,
      `button text ${textName} on accent ${accentName} has a contrast of ${shown(ratio)}:1, needs ${AA_CONTRAST}:1 (WCAG AA)${translucent}; set accentTextColor or choose another accentColor`,
    ),
  );
}
