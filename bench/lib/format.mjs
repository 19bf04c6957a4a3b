// Number formats shared by the Markdown table and the chart.

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `2,743` */
export const count = (value) => (Number.isFinite(value) ? whole.format(value) : '–');

/** `0.84 ms`, `12.3 ms`, `282 ms` */
export function ms(value) {
  if (!Number.isFinite(value)) return '–';
  if (value < 10) return `${value.toFixed(2)} ms`;
  if (value < 100) return `${value.toFixed(1)} ms`;
  return `${whole.format(value)} ms`;
}

/** `46%` */
export const ratio = (value, base) => (Number.isFinite(value / base) && base > 0 ? `${Math.round((100 * value) / base)}%` : '–');

/** `84.2 MiB` */
export const mib = (bytes) => (Number.isFinite(bytes) ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : '–');

/** `12.4 s` */
export const seconds = (value) => (Number.isFinite(value) ? `${(value / 1000).toFixed(1)} s` : '–');

/** Statuses other than 2xx, e.g. `503×12, error×1`, or '' when every answer was 2xx. */
export function failures(statuses) {
  return Object.entries(statuses)
    .filter(([status]) => !(status >= 200 && status < 300))
    .map(([status, n]) => `${status === '0' ? 'error' : status}×${n}`)
    .join(', ');
}
