const DELTA_SECONDS = /^\d+$/;
// An HTTP date always names a day or month; requiring a letter keeps Date.parse from reading
// stray numbers such as "-1" or "2024" as dates.
const HAS_LETTER = /[A-Za-z]/;

/**
 * Milliseconds to wait from a `Retry-After` value (delta-seconds or an HTTP date, RFC 9110
 * §10.2.3), or undefined when it is absent or unreadable. A date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | string[] | undefined, now: Date): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (DELTA_SECONDS.test(raw)) {
    const ms = Number(raw) * 1000;
    return Number.isSafeInteger(ms) ? ms : undefined;
  }
  if (!HAS_LETTER.test(raw)) return undefined;
  const at = Date.parse(raw);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
