import { isLoopbackHost } from '../sandbox/is-loopback-host.ts';
import type { ConfigProblem } from './config.ts';
import type { Env } from './env-schema.ts';
import { problem } from './problems.ts';

/** Rules that relate environment variables to each other; a rule is skipped when a variable it reads was refused. */
export function checkEnvRules(env: Env, failed: ReadonlySet<string>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const usable = (...names: string[]) => names.every((name) => !failed.has(name));

  if (env.DATABASE_URL !== undefined && env.TOKEN_SECRET === undefined && usable('DATABASE_URL', 'TOKEN_SECRET')) {
    problems.push(problem('TOKEN_SECRET', 'required when DATABASE_URL is set: every instance must sign and check form tokens with the same secret'));
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
  // Metrics share the public port only behind a bearer token (METRICS_TOKEN in docs/configuration.md).
  if (env.METRICS_PORT === env.PORT && env.PORT !== 0 && env.METRICS_TOKEN === undefined && usable('PORT', 'METRICS_PORT')) {
    problems.push(problem('METRICS_PORT', 'equals PORT; metrics may be served on the public port only with METRICS_TOKEN set'));
  }
  return problems;
}

/**
 * Settings that work but are probably not what the owner meant; `check-config` prints them as
 * warnings and still succeeds. A hop count trusts whatever sits that many hops away, so when
 * the port is also reachable directly (HOST is not loopback) a client can send its own
 * `X-Forwarded-For` and pick the address the per-IP limit sees.
 */
export function checkEnvWarnings(trustProxy: number | readonly string[], host: string): ConfigProblem[] {
  if (typeof trustProxy !== 'number' || trustProxy === 0 || isLoopbackHost(host)) return [];
  return [
    problem(
      'TRUST_PROXY',
      `is a hop count (${trustProxy}) while HOST (${host}) accepts connections from other machines: a client that reaches the port directly can send its own X-Forwarded-For and pass the per-IP rate limit. Name the proxies instead (e.g. TRUST_PROXY=loopback or TRUST_PROXY=10.0.0.5), or bind HOST to 127.0.0.1`,
    ),
  ];
}
