import type { Config, ConfigProblem, ResolvedForm } from '../config/config.ts';
import { childPath } from '../config/problems.ts';

/**
 * What a reload of the forms file does to the running config: refused with its problems, or the
 * new frozen config to swap in and what changed. Only the forms file is re-read; everything from
 * the environment (PORT, HOST, DATA_DIR, TRUST_PROXY, timeouts, the keys) stays as at start.
 */
export type ReloadPlan =
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] }
  | {
      readonly ok: true;
      readonly config: Config;
      readonly added: readonly string[];
      readonly removed: readonly string[];
      readonly changed: readonly string[];
      /** Parts of the file that changed but apply only at the next start. */
      readonly restartOnly: readonly string[];
    };

/**
 * Plans the swap from `running` to `next` (a config loaded by the same loader and checks as at
 * start, from the environment as it was then). The forms, with their definitions, validators,
 * origins, rate limits and accounts, change at run time, and so do the `alerts` webhooks; the `outbox` block is read by the
 * worker and the leases built at start, so it waits for a restart.
 */
export function planReload(running: Config, next: Config): ReloadPlan {
  const problems: ConfigProblem[] = [];
  for (const [id, form] of next.forms) {
    // A studio's own account (a location option) names key variables too.
    const accounts = [
      { path: childPath('forms', id, 'account'), account: form.account },
      ...form.fields.flatMap((field, index) =>
        (field.options ?? []).flatMap((option, at) => (option.account ? [{ path: childPath('forms', id, 'fields', index, 'options', at, 'account'), account: option.account }] : [])),
      ),
    ];
    for (const { path, account } of accounts) {
      for (const key of ['apiKeyEnv', 'secretKeyEnv'] as const) {
        const variable = account[key];
        // The logger scrubs the key values it was given at start; a key it has never seen could leak.
        if (!running.secrets.has(variable)) problems.push({ path: `${path}.${key}`, message: `${variable} was not read at start: a new key variable needs a restart` });
      }
    }
  }
  next.alerts.webhooks.forEach(({ secretEnv }, index) => {
    // Same rule as the keys: the logger scrubs only the secret values it was given at start.
    if (secretEnv !== undefined && !running.secrets.has(secretEnv)) {
      problems.push({ path: childPath('alerts', 'webhooks', index, 'secretEnv'), message: `${secretEnv} was not read at start: a new secret variable needs a restart` });
    }
  });
  if (problems.length > 0) return { ok: false, problems };

  const before = running.forms;
  const added = [...next.forms.keys()].filter((id) => !before.has(id));
  const removed = [...before.keys()].filter((id) => !next.forms.has(id));
  const changed = [...next.forms.keys()].filter((id) => before.has(id) && formKey(before.get(id) as ResolvedForm) !== formKey(next.forms.get(id) as ResolvedForm));
  const restartOnly = JSON.stringify(running.outbox) === JSON.stringify(next.outbox) ? [] : ['outbox'];
  const config: Config = Object.freeze({ ...running, forms: next.forms, alerts: next.alerts, configPath: next.configPath });
  return { ok: true, config, added, removed, changed, restartOnly };
}

/** A form as comparable text; its Sets and Maps are written as arrays. */
function formKey(form: ResolvedForm): string {
  return JSON.stringify(form, (_key, value: unknown) => (value instanceof Set ? [...value] : value instanceof Map ? [...value.entries()] : value));
}
