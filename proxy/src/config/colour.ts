/** A colour in sRGB: channels 0–255, alpha 0–1. */
export interface Rgba {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  readonly a: number;
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** `50%` → 0.5 of `scale`; `128` → 128 (clamped to 0…scale). */
function channel(token: string, scale: number): number {
  const value = Number.parseFloat(token);
  return clamp(token.endsWith('%') ? (value / 100) * scale : value, 0, scale);
}

function alpha(token: string | undefined): number {
  if (token === undefined) return 1;
  const value = Number.parseFloat(token);
  return clamp(token.endsWith('%') ? value / 100 : value, 0, 1);
}

function fromHex(hex: string): Rgba {
  const digits = hex.length <= 4 ? [...hex].map((digit) => digit + digit).join('') : hex;
  const byte = (index: number) => Number.parseInt(digits.slice(index * 2, index * 2 + 2), 16);
  return { r: byte(0), g: byte(1), b: byte(2), a: digits.length === 8 ? byte(3) / 255 : 1 };
}

/** CSS Color 4 hsl→rgb; hue in degrees, saturation and lightness as 0–1. */
function fromHsl(hue: number, saturation: number, lightness: number, a: number): Rgba {
  const h = ((hue % 360) + 360) % 360;
  const k = (n: number) => (n + h / 30) % 12;
  const span = saturation * Math.min(lightness, 1 - lightness);
  const f = (n: number) => (lightness - span * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1))) * 255;
  return { r: f(0), g: f(8), b: f(4), a };
}

const NUMBER = /^[0-9]*\.?[0-9]+%?$/;

/**
 * Reads a colour in one of the syntaxes the theme schema accepts (`#rgb`, `#rgba`, `#rrggbb`,
 * `#rrggbbaa`, `rgb()`/`rgba()`, `hsl()`/`hsla()` with numbers, comma or space separated).
 * Undefined for what the schema's pattern lets through but is not a number (`rgb(1.2.3 0 0)`).
 */
export function parseColour(text: string): Rgba | undefined {
  const value = text.trim().toLowerCase();
  if (value.startsWith('#')) return /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.test(value) ? fromHex(value.slice(1)) : undefined;
  const call = /^(rgba?|hsla?)\((.*)\)$/.exec(value);
  if (!call) return undefined;
  const tokens = (call[2] ?? '').split(/[\s,/]+/).filter(Boolean);
  if ((tokens.length !== 3 && tokens.length !== 4) || !tokens.every((token) => NUMBER.test(token))) return undefined;
  const [first = '', second = '', third = '', fourth] = tokens;
  if (call[1]?.startsWith('rgb')) return { r: channel(first, 255), g: channel(second, 255), b: channel(third, 255), a: alpha(fourth) };
  // Saturation and lightness are percentages whether or not the `%` was written.
  const percent = (token: string) => clamp(Number.parseFloat(token) / 100, 0, 1);
  return fromHsl(Number.parseFloat(first), percent(second), percent(third), alpha(fourth));
}

/** `top` painted over the opaque `bottom` (source-over compositing). */
export function over(top: Rgba, bottom: Rgba): Rgba {
  const mix = (front: number, back: number) => front * top.a + back * (1 - top.a);
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a: 1 };
}
