import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The import-boundary rules live in the root biome.jsonc. Each probe is a real file placed in the
// folder a rule guards, linted by the real Biome with that config: a forbidden import must be
// reported, an allowed one must not.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIOME = join(ROOT, 'node_modules/@biomejs/biome/bin/biome');

interface Probe {
  readonly folder: string;
  readonly name?: string;
  readonly source: string;
  /** The diagnostic Biome must give, or null when the import is allowed there. */
  readonly expected: string | null;
}

const RESTRICTED = 'lint/style/noRestrictedImports';
const NODE_MODULE = 'lint/correctness/noNodejsModules';
const named = (from: string): string => `import { thing } from '${from}';\nexport const probe = thing;\n`;

const PROBES: readonly Probe[] = [
  { folder: 'shared/src', source: named('@gleantap-capture/widget'), expected: RESTRICTED },
  { folder: 'shared/src/fields', source: named('../../../proxy/src/app.ts'), expected: RESTRICTED },
  { folder: 'shared/src', source: named('@gleantap-capture/proxy/src/config/config.ts'), expected: RESTRICTED },
  { folder: 'shared/src', source: named('node:fs'), expected: NODE_MODULE },
  { folder: 'shared/src', source: named('zod/mini'), expected: null },
  { folder: 'shared/src', source: named('./errors.ts'), expected: null },
  // Shared's own tests run in Node and may use its built-ins.
  { folder: 'shared/src', name: 'node.test.ts', source: named('node:fs'), expected: null },
  { folder: 'widget/src', source: named('@gleantap-capture/proxy'), expected: RESTRICTED },
  { folder: 'widget/src/core', source: named('../../../proxy/src/app.ts'), expected: RESTRICTED },
  { folder: 'widget/src', source: named('@gleantap-capture/shared'), expected: null },
  { folder: 'proxy/src/gleantap', source: named('../outbox/attempt.ts'), expected: RESTRICTED },
  { folder: 'proxy/src/gleantap', source: named('../store/rows.ts'), expected: RESTRICTED },
  { folder: 'proxy/src/gleantap', source: named('undici'), expected: null },
  { folder: 'proxy/src/gleantap', source: named('./classify.ts'), expected: null },
  { folder: 'proxy/src/store', source: named('express'), expected: RESTRICTED },
  { folder: 'proxy/src/store', source: named('undici'), expected: RESTRICTED },
  { folder: 'proxy/src/store', source: named('node:http'), expected: RESTRICTED },
  { folder: 'proxy/src/store', source: named('../routes/forms.ts'), expected: RESTRICTED },
  { folder: 'proxy/src/store', source: named('../middleware/error-handler.ts'), expected: RESTRICTED },
  { folder: 'proxy/src/store', source: named('../http/http-error.ts'), expected: RESTRICTED },
  { folder: 'proxy/src/store', source: named('better-sqlite3'), expected: null },
  { folder: 'proxy/src/store', source: named('../submission/job.ts'), expected: null },
];

const written: string[] = [];
afterAll(() => {
  for (const path of written) rmSync(join(ROOT, path), { force: true });
});

interface BiomeReport {
  readonly diagnostics: ReadonlyArray<{ readonly category: string; readonly location: { readonly path: string } }>;
}

/** Writes every probe, lints them in one Biome run, and returns each probe's diagnostic categories. */
function lintProbes(): Map<string, string[]> {
  const paths = PROBES.map((probe, index) => {
    const path = `${probe.folder}/${probe.name?.replace('.', `-${process.pid}-${index}.`) ?? `boundary-probe-${process.pid}-${index}.ts`}`;
    written.push(path);
    writeFileSync(join(ROOT, path), probe.source);
    return path;
  });
  const run = spawnSync(process.execPath, [BIOME, 'lint', '--reporter=json', '--max-diagnostics=none', ...paths], { cwd: ROOT, encoding: 'utf8' });
  const report = JSON.parse(run.stdout) as BiomeReport;
  const found = new Map<string, string[]>(paths.map((path) => [path, []]));
  for (const diagnostic of report.diagnostics) found.get(diagnostic.location.path)?.push(diagnostic.category);
  return found;
}

describe('import boundaries (biome.jsonc)', () => {
  it('reports each forbidden import in the folder it guards, and nothing for an allowed one', () => {
    const found = lintProbes();
    const seen = PROBES.map((probe, index) => ({ folder: probe.folder, source: probe.source.split('\n')[0], diagnostics: found.get(written[index] ?? '') }));
    const wanted = PROBES.map((probe) => ({ folder: probe.folder, source: probe.source.split('\n')[0], diagnostics: probe.expected === null ? [] : [probe.expected] }));
    expect(seen).toEqual(wanted);
  });
});
