import type { ConfigProblem } from './config.ts';
import { normaliseOrigin } from './origins.ts';
import { problem } from './problems.ts';

/** Normalised origins from one place in the config; `complete` is false when some were refused. */
export interface OriginSource {
  readonly origins: readonly string[];
  readonly complete: boolean;
}

/** Normalises a configured origin list, with a problem at `path[i]` for each refused entry. */
export function resolveOrigins(values: readonly string[], path: string, problems: ConfigProblem[]): OriginSource {
  const origins = new Set<string>();
  let complete = true;
  values.forEach((value, index) => {
    const verdict = normaliseOrigin(value);
    if (verdict.ok) origins.add(verdict.origin);
    else {
      complete = false;
      problems.push(problem(`${path}[${index}]`, `${JSON.stringify(value)}: ${verdict.reason}`));
    }
  });
  return { origins: [...origins], complete };
}
