import type { Logger } from 'pino';
import type { RateWindow } from '../config/config.ts';

/** One error line per form at most this often while its cap keeps refusing. */
export const CAP_ALARM_INTERVAL_MS = 60_000;

/**
 * The owner must hear when a form's cap refuses leads (real visitors may be among them), but
 * a flood must not become a flood of log lines: one `error` line per form per minute, naming
 * the form, the limit and how many were refused since the last line. State lives in the
 * instance, and time comes from the injected clock.
 */
export function capAlarm(logger: Logger, now: () => Date): { refused(formId: string, limit: RateWindow): void } {
  const last = new Map<string, { at: number; refused: number }>();
  return {
    refused(formId, limit) {
      const at = now().getTime();
      const entry = last.get(formId);
      if (entry && at - entry.at < CAP_ALARM_INTERVAL_MS) {
        entry.refused += 1;
        return;
      }
      logger.error(
        { form: formId, limit: { max: limit.max, windowSeconds: limit.windowSeconds }, refused: (entry?.refused ?? 0) + 1 },
        `form "${formId}" reached its cap of ${limit.max} submissions per ${limit.windowSeconds} s (rateLimit.perForm) and is refusing submissions with 429; raise the cap if these are real visitors`,
      );
      last.set(formId, { at, refused: 0 });
    },
  };
}
