import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('..', import.meta.url));
const LOGS_DOC = fileURLToPath(new URL('../../../docs/logs.md', import.meta.url));
/** A `warn` or `error` call on any logger (`logger.warn(`, `deps.logger?.error(` …). */
const CALL = /\blogger\??\.(warn|error)\(/g;

/**
 * Messages passed as a variable rather than written at the call: where the text really lives,
 * so the test still checks it (the call itself has no literal to read).
 */
const INDIRECT: Readonly<Record<string, RegExp>> = {
  'cli/commands/serve.ts': /'(running as root: [^']+)'/,
  'sandbox/start-sandbox.ts': /`(sandbox Gleantap is listening on [^`]+)`/,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The text of a call's arguments, from just after `(` to its matching `)`, skipping strings. */
function argumentsOf(source: string, start: number): string {
  let depth = 1;
  let at = start;
  while (at < source.length && depth > 0) {
    const char = source[at] as string;
    if (char === "'" || char === '"' || char === '`') {
      const end = source.indexOf(char, at + 1);
      at = end === -1 ? source.length : end + 1;
      continue;
    }
    if (char === '(' || char === '{' || char === '[') depth += 1;
    if (char === ')' || char === '}' || char === ']') depth -= 1;
    at += 1;
  }
  return source.slice(start, at - 1);
}

/** The last top-level argument: the message (a string, a template or a conditional of them). */
function lastArgument(args: string): string {
  let depth = 0;
  let cut = 0;
  for (let at = 0; at < args.length; at++) {
    const char = args[at] as string;
    if (char === "'" || char === '"' || char === '`') {
      const end = args.indexOf(char, at + 1);
      at = end === -1 ? args.length : end;
      continue;
    }
    if (char === '(' || char === '{' || char === '[') depth += 1;
    if (char === ')' || char === '}' || char === ']') depth -= 1;
    if (char === ',' && depth === 0 && args.slice(at + 1).trim() !== '') cut = at + 1;
  }
  return args.slice(cut).trim();
}

/** The fixed parts of the message literals in an argument; a template's `${…}` splits it. */
function fixedParts(argument: string): string[] {
  const literals = [...argument.matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|`([^`]*)`/g)].map((match) => (match[1] ?? match[2] ?? match[3] ?? '').replace(/\\'/g, "'"));
  return literals
    .flatMap((text) => text.split(/\$\{[^}]*\}/))
    .map((part) => part.trim())
    .filter((part) => part.length >= 4);
}

describe('docs/logs.md', () => {
  it('names every warn and error message the proxy can log', () => {
    const doc = readFileSync(LOGS_DOC, 'utf8');
    const missing: string[] = [];
    let calls = 0;
    for (const file of sourceFiles(SRC)) {
      const source = readFileSync(file, 'utf8');
      const name = relative(SRC, file);
      for (const match of source.matchAll(CALL)) {
        calls += 1;
        let parts = fixedParts(lastArgument(argumentsOf(source, (match.index ?? 0) + match[0].length)));
        const indirect = INDIRECT[name];
        if (parts.length === 0 && indirect !== undefined) parts = fixedParts(`'${indirect.exec(source)?.[1] ?? ''}'`);
        if (parts.length === 0) missing.push(`${name}: a ${match[1]} call whose message this test cannot read (add it to INDIRECT)`);
        for (const part of parts) if (!doc.includes(part)) missing.push(`${name}: ${part}`);
      }
    }
    expect(calls).toBeGreaterThan(25);
    expect(missing).toEqual([]);
  });
});
