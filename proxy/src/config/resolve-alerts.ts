import { ALERT_KINDS, type AlertKind, AlertsConfig, isPlainRecord } from '@gleantap-capture/shared';
import type { ConfigProblem } from './config.ts';
import { FrozenSet } from './frozen.ts';
import { childPath, problem } from './problems.ts';

/** One webhook as the proxy uses it: every default applied. */
export interface AlertWebhookSettings {
  readonly url: string;
  readonly format: 'json' | 'slack';
  /** The variable holding the HMAC secret; its value sits in `Config.secrets` under this name. */
  readonly secretEnv: string | undefined;
  readonly events: ReadonlySet<AlertKind>;
  readonly includeLead: boolean;
}

/** The `alerts` block, resolved; no webhooks when the file has none. */
export interface AlertSettings {
  readonly webhooks: readonly AlertWebhookSettings[];
}

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '[::1]', 'localhost']);
// A secret travels as an HMAC key only, but a control character is a paste accident all the same.
const BAD_SECRET_CHARACTERS = /[\s\u0000-\u001F\u007F]/;
/** Shorter secrets are guessable and, below 4 characters, not scrubbed from logs. */
const SECRET_MIN_LENGTH = 16;

type Env = Readonly<Record<string, string | undefined>>;

/** Why a webhook URL is refused, or undefined when it is acceptable. */
function urlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.username !== '' || url.password !== '') return 'must not carry a user name or password';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return undefined;
  return 'must be https (http only to a loopback host, for tests)';
}

/**
 * Resolves the forms file's `alerts` block (raw JSON; schema problems are reported with the
 * whole file's) and collects each webhook secret by variable name. Problems name settings and
 * variables, never a URL or a secret value.
 */
export function resolveAlerts(raw: unknown, env: Env): { settings: AlertSettings; secrets: [string, string][]; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const secrets: [string, string][] = [];
  const parsed = AlertsConfig.safeParse(isPlainRecord(raw) ? (raw['alerts'] ?? { webhooks: [] }) : { webhooks: [] });
  if (!parsed.success) return { settings: { webhooks: [] }, secrets, problems };
  const webhooks = parsed.data.webhooks.map((hook, index): AlertWebhookSettings => {
    const path = childPath('alerts', 'webhooks', index);
    const wrong = urlProblem(hook.url);
    if (wrong !== undefined) problems.push(problem(childPath(path, 'url'), wrong));
    if (hook.secretEnv !== undefined) {
      const value = Object.hasOwn(env, hook.secretEnv) ? env[hook.secretEnv] : undefined;
      if (value === undefined || value === '') problems.push(problem(childPath(path, 'secretEnv'), `${hook.secretEnv} is not set`));
      else if (BAD_SECRET_CHARACTERS.test(value)) problems.push(problem(hook.secretEnv, 'contains white space or control characters'));
      else if (value.length < SECRET_MIN_LENGTH) problems.push(problem(hook.secretEnv, `must be at least ${SECRET_MIN_LENGTH} characters (e.g. \`openssl rand -hex 32\`)`));
      else secrets.push([hook.secretEnv, value]);
    }
    return {
      url: hook.url,
      format: hook.format ?? 'json',
      secretEnv: hook.secretEnv,
      events: new FrozenSet(hook.events ?? ALERT_KINDS),
      includeLead: hook.includeLead ?? false,
    };
  });
  return { settings: { webhooks }, secrets, problems };
}
