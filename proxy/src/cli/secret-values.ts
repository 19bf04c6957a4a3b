import type { Config } from '../config/config.ts';

/** Every secret value the logger must scrub from its lines. */
export function secretValues(config: Config): string[] {
  const values = [...config.secrets.values()];
  if (config.tokenSecret) values.push(config.tokenSecret);
  if (config.metrics.token) values.push(config.metrics.token);
  if (config.databaseUrl) values.push(...databaseUrlSecrets(config.databaseUrl));
  return values;
}

/** The URL itself and its password as written and as decoded: a driver's message may quote either. */
export function databaseUrlSecrets(url: string): string[] {
  const values = [url];
  const password = URL.canParse(url) ? new URL(url).password : '';
  if (password !== '') {
    values.push(password);
    try {
      const decoded = decodeURIComponent(password);
      if (decoded !== password) values.push(decoded);
    } catch {
      // A malformed escape: pg reads the password as written, which is already scrubbed.
    }
  }
  return values;
}
