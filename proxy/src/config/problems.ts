import * as z from 'zod/mini';
import type { ConfigProblem } from './config.ts';
import { patternMessage } from './format-messages.ts';
import { knownKeysAt } from './schema-keys.ts';
import { didYouMean } from './suggest.ts';

const PLAIN_SEGMENT = /^[A-Za-z0-9_-]+$/;

/** `['forms', 'trial', 'fields', 3, 'name']` → `forms.trial.fields[3].name`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else {
      const key = String(segment);
      // Odd keys (spaces, dots) are quoted so the path stays unambiguous.
      text += PLAIN_SEGMENT.test(key) ? `${text === '' ? '' : '.'}${key}` : `[${JSON.stringify(key)}]`;
    }
  }
  return text;
}

/** Joins a path prefix and a child key with {@link formatPath}'s rules. */
export function childPath(prefix: string, ...segments: readonly PropertyKey[]): string {
  const rest = formatPath(segments);
  if (prefix === '') return rest;
  return rest.startsWith('[') ? `${prefix}${rest}` : `${prefix}.${rest}`;
}

/** Builds one problem. */
export function problem(path: string, message: string): ConfigProblem {
  return { path, message };
}

// zod/mini ships without messages; the English locale is passed per parse, never installed globally.
const englishErrors = z.locales.en().localeError;

/** Parse options that give zod/mini's issues readable English messages. */
export const PARSE_OPTIONS = { error: englishErrors } as const;

/**
 * Turns zod issues into problems. Only the path and the message are kept: issues may carry the
 * input, and the input may be a secret. `rootPath` names the whole input (an issue with an empty path).
 * With the `schema` that was parsed, an unknown key gets the nearest known key as a suggestion.
 */
export function issuesToProblems(issues: readonly z.core.$ZodIssue[], rootPath = '', schema?: z.core.$ZodType): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const at = (path: readonly PropertyKey[]) => (path.length === 0 ? rootPath : formatPath(path));
  for (const issue of issues) {
    const path = issue.path;
    if (issue.code === 'unrecognized_keys') {
      // One problem per key, at the key itself, so a typo points at the line to fix.
      const known = schema === undefined ? [] : knownKeysAt(schema, path);
      for (const key of issue.keys) problems.push(problem(at([...path, key]), `unknown key${didYouMean(key, known)}`));
    } else if (issue.code === 'invalid_key') {
      const reasons = issue.issues
        .map((inner) => (inner.code === 'invalid_format' && inner.format === 'regex' ? patternMessage((inner as { pattern?: string }).pattern) : undefined) ?? inner.message)
        .join('; ');
      problems.push(problem(at(path), `invalid key: ${reasons}`));
    } else if (issue.code === 'invalid_format' && issue.format === 'regex') {
      problems.push(problem(at(path), patternMessage((issue as { pattern?: string }).pattern) ?? issue.message));
    } else {
      problems.push(problem(at(path), issue.message));
    }
  }
  return problems;
}
