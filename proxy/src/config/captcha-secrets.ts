import type { ConfigProblem, ResolvedForm } from './config.ts';
import { ENV_KEYS } from './env-schema.ts';
import { childPath, problem } from './problems.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** Shorter secrets could not be scrubbed from logs, and no provider issues one. */
const MIN_SECRET_LENGTH = 8;

/**
 * Reads each CAPTCHA secret by its `secretEnv` name once, at start-up, so it joins the key
 * values in `Config.secrets` (looked up by name, scrubbed from every log line). A form whose
 * secret is unset cannot verify anything: that is a problem now, not a refusal of every visitor
 * later. Problems name the variable, never its value.
 */
export function captchaSecrets(forms: ReadonlyMap<string, ResolvedForm>, env: Env): { secrets: [string, string][]; problems: ConfigProblem[] } {
  const secrets = new Map<string, string>();
  const problems: ConfigProblem[] = [];
  for (const [id, form] of forms) {
    const name = form.bots.captcha?.secretEnv;
    if (name === undefined) continue;
    const at = `${childPath('forms', id)}.bots.captcha.secretEnv`;
    const value = Object.hasOwn(env, name) ? env[name] : undefined;
    // One of the proxy's own settings is never a provider's secret (it would be sent to the provider).
    if ((ENV_KEYS as readonly string[]).includes(name)) problems.push(problem(at, `${name} holds a setting of this proxy, not a CAPTCHA secret`));
    else if (value === undefined || value === '') problems.push(problem(at, `${name} is not set`));
    else if (value.length < MIN_SECRET_LENGTH || /\s/.test(value)) problems.push(problem(name, 'is not a CAPTCHA secret (too short, or contains white space)'));
    else secrets.set(name, value);
  }
  return { secrets: [...secrets], problems };
}
