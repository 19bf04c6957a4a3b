import type { Logger } from 'pino';
import type { ConfigResult } from '../config/config.ts';
import type { RunningProxy } from '../start-proxy.ts';

/**
 * One reload (SIGHUP): loads the config again with `load` (the start-up loader and checks,
 * self-check included) and swaps in its forms, or refuses it with one `error` line per problem
 * and keeps the running configuration. Problems name settings, never secret values.
 */
export function reloadForms(proxy: Pick<RunningProxy, 'reload'>, load: () => ConfigResult, logger: Logger): boolean {
  const loaded = load();
  const plan = loaded.ok ? proxy.reload(loaded.config) : loaded;
  if (!plan.ok) {
    for (const { path, message } of plan.problems) logger.error({ path }, `config reload refused: ${path}: ${message}`);
    logger.warn({ problems: plan.problems.length }, 'config reload refused: the running configuration stays');
    return false;
  }
  const { config, added, removed, changed, restartOnly } = plan;
  logger.info({ forms: [...config.forms.keys()], added, removed, changed }, 'config reloaded: new requests use the new forms');
  if (restartOnly.length > 0) logger.warn({ settings: restartOnly }, 'config reload: these settings changed but apply only at the next restart');
  return true;
}
