import type { ConfigProblem } from './config.ts';
import { ENV_KEYS, type Env, EnvSchema } from './env-schema.ts';
import { issuesToProblems, PARSE_OPTIONS } from './problems.ts';

/** The environment as far as it parsed: `failed` names the variables whose values were refused. */
export interface ParsedEnv {
  /** Refused variables fall back to their defaults here, so later rules can still run. */
  readonly env: Env;
  readonly failed: ReadonlySet<string>;
  readonly problems: readonly ConfigProblem[];
}

/** Parses the variables the schema knows; an empty value counts as unset. */
export function parseEnv(source: Readonly<Record<string, string | undefined>>): ParsedEnv {
  const input: Record<string, string> = {};
  for (const key of ENV_KEYS) {
    const value = source[key];
    // `FOO=` in an env file or compose file means "not set", not "set to nothing".
    if (value !== undefined && value !== '') input[key] = value;
  }
  const first = EnvSchema.safeParse(input, PARSE_OPTIONS);
  if (first.success) return { env: first.data, failed: new Set(), problems: [] };

  const failed = new Set(first.error.issues.map((issue) => String(issue.path[0])));
  for (const key of failed) delete input[key];
  // Every variable is optional or defaulted, so without the refused ones this parse succeeds;
  // the defaults it yields are only used to keep checking, never to start.
  const second = EnvSchema.safeParse(input, PARSE_OPTIONS);
  if (!second.success) throw new Error('unreachable: the environment schema refused its own defaults');
  return { env: second.data, failed, problems: issuesToProblems(first.error.issues) };
}
