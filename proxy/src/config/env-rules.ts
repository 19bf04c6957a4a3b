import type { ConfigProblem } from './config.ts';
import type { Env } from './env-schema.ts';
import { problem } from './problems.ts';

/** Rules that relate environment variables to each other; a rule is skipped when a variable it reads was refused. */
export function checkEnvRules(env: Env, failed: ReadonlySet<string>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const usable = (...names: string[]) => names.every((name) => !failed.has(name));

  if (env.REDIS_URL !== undefined && env.TOKEN_SECRET === undefined && usable('REDIS_URL', 'TOKEN_SECRET')) {
    problems.push(problem('TOKEN_SECRET', 'required when REDIS_URL is set: every instance must sign and check form tokens with the same secret'));
  }
  const notAbove = (name: keyof Env & string, limitName: keyof Env & string) => {
    const value = env[name];
    const limit = env[limitName];
    if (typeof value === 'number' && typeof limit === 'number' && value > limit && usable(name, limitName)) {
      problems.push(problem(name, `must not exceed ${limitName} (${value} > ${limit})`));
    }
  };
  // Node refuses to start a server whose headers timeout exceeds its request timeout.
  notAbove('HEADERS_TIMEOUT_MS', 'REQUEST_TIMEOUT_MS');
  notAbove('UPSTREAM_CONNECT_TIMEOUT_MS', 'UPSTREAM_TIMEOUT_MS');
  notAbove('UPSTREAM_HEADERS_TIMEOUT_MS', 'UPSTREAM_TIMEOUT_MS');
  // Metrics share the public port only behind a bearer token (CONTRACT.md §2).
  if (env.METRICS_PORT === env.PORT && env.PORT !== 0 && env.METRICS_TOKEN === undefined && usable('PORT', 'METRICS_PORT')) {
    problems.push(problem('METRICS_PORT', 'equals PORT; metrics may be served on the public port only with METRICS_TOKEN set'));
  }
  return problems;
}
