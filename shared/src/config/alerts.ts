import * as z from 'zod/mini';

const describe = z.describe;

/** What a webhook can be told about; every kind is sent unless a webhook lists its own. */
export const ALERT_KINDS = ['dead_letter', 'degraded', 'recovered', 'keys_refused'] as const;
export const AlertKind = z.enum(ALERT_KINDS);
export type AlertKind = z.infer<typeof AlertKind>;

/** An environment variable's name, as `secretEnv` holds it. */
export const SECRET_ENV_PATTERN = /^[A-Z][A-Z0-9_]{0,127}$/;

export const AlertWebhook = z.strictObject({
  url: z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(2000),
      describe(
        'Where alerts are POSTed. `https://` only; `http://` only to a loopback host (127.0.0.1, ::1, localhost). Treated as a secret (a Slack webhook URL is one): logs name the webhook by its position and host, never the URL.',
      ),
    ),
  format: z.optional(
    z
      .enum(['json', 'slack'])
      .check(describe('`json`: the versioned payload of docs/operations.md#alerts. `slack`: `{"text": …}`, what Slack, Mattermost and similar incoming webhooks accept. Default `json`.')),
  ),
  secretEnv: z.optional(
    z
      .string()
      .check(
        z.regex(SECRET_ENV_PATTERN),
        describe(
          'Name of the environment variable holding this webhook’s HMAC-SHA256 secret; when set, every request carries `X-Gleantap-Capture-Signature: t=<unix>,v1=<hex>`. The value is read at start and never printed.',
        ),
      ),
  ),
  events: z.optional(
    z.array(AlertKind).check(z.minLength(1), z.maxLength(ALERT_KINDS.length), describe(`Which alerts this webhook gets: ${ALERT_KINDS.map((kind) => `\`${kind}\``).join(', ')}. Default all.`)),
  ),
  includeLead: z.optional(z.boolean().check(describe("Put the dead-lettered lead's contact (name, email, phone…) in `dead_letter` alerts. Default false: ids, reasons and Gleantap's message only."))),
});
export type AlertWebhook = z.infer<typeof AlertWebhook>;

/** The forms file's `alerts` block. */
export const AlertsConfig = z.strictObject({
  webhooks: z.array(AlertWebhook).check(z.maxLength(10), describe('Webhooks told about dead letters, delivery degraded and recovered, and keys refused.')),
});
export type AlertsConfig = z.infer<typeof AlertsConfig>;
