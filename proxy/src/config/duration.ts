import { DURATION_PATTERN } from '@gleantap-capture/shared';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Milliseconds in a duration written `30s`, `15m`, `24h` or `7d`; undefined for anything else. */
export function parseDuration(value: string): number | undefined {
  // The shared pattern is the one the forms file is validated with, so the CLI's
  // `--older-than 30d` and the config agree on what a duration is.
  if (!DURATION_PATTERN.test(value)) return undefined;
  const unit = value.slice(-1) as keyof typeof UNIT_MS;
  return Number(value.slice(0, -1)) * UNIT_MS[unit];
}
