import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { anchorsOf, brokenLinks, headingAnchor, linkTargets } from './doc-links.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const DOCS = readdirSync(`${ROOT}docs`)
  .filter((name) => name.endsWith('.md'))
  .map((name) => `${ROOT}docs/${name}`);
const ARCHITECTURE = ['shared', 'proxy', 'widget', 'e2e'].map((name) => `${ROOT}${name}/ARCHITECTURE.md`);
const READER_DOCS = [`${ROOT}README.md`, ...DOCS, ...ARCHITECTURE];
// Documents that exist only beside the repository, never in it: no reader can follow them.
const OUTSIDE = /\.\.\/shared|CONTRACT\.md|DESIGN\.md|CONVENTIONS\.md|containers\.md/;

/** Every TypeScript file under a folder, skipping installed and built code. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'dist') return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** `file:line: text` for every line that names a document outside the repository. */
function mentionsOutside(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, index) => (OUTSIDE.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : []));
}

describe('the documentation in the repository', () => {
  it('has the documents the README promises', () => {
    expect(DOCS.map((file) => file.slice(`${ROOT}docs/`.length)).sort()).toEqual(expect.arrayContaining(['configuration.md', 'contract.md', 'delivery.md', 'operations.md', 'security.md']));
  });

  it('links only to files and headings that exist', () => {
    expect(READER_DOCS.flatMap(brokenLinks)).toEqual([]);
  });

  it('never sends a reader to a document outside the repository', () => {
    expect(READER_DOCS.flatMap(mentionsOutside)).toEqual([]);
  });

  it('has no code comment that cites a document outside the repository', () => {
    const sources = ['shared', 'proxy', 'widget', 'e2e'].flatMap((name) => sourceFiles(`${ROOT}${name}/src`));
    expect(sources.length).toBeGreaterThan(50);
    expect(sources.flatMap(mentionsOutside)).toEqual([]);
  });

  it('finds links and anchors the way a Markdown reader does', () => {
    expect(linkTargets('See [the contract](docs/contract.md#2-http-routes), `[not](a-link)`.\n```\n[nor](this)\n```\n')).toEqual(['docs/contract.md#2-http-routes']);
    expect(headingAnchor('7. Command line: `gleantap-capture`')).toBe('7-command-line-gleantap-capture');
    expect(headingAnchor('Forms file (`CAPTURE_CONFIG`)')).toBe('forms-file-capture_config');
    expect([...anchorsOf('# A\n```\n# not a heading\n```\n## Create-or-update: B\n')]).toEqual(['a', 'create-or-update-b']);
  });
});
