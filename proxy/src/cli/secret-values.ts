import type { Config } from '../config/config.ts';

/** Every secret value the logger must scrub from its lines. */
export function secretValues(config: Config): string[] {
  const values = [...config.secrets.values()];
  if (config.tokenSecret) values.push(config.tokenSecret);
  if (config.metrics.token) values.push(config.metrics.token);
  return values;
}
