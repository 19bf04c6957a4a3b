import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { anchorsOf, brokenLinks, headingAnchor, linkTargets } from './doc-links.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const DOCS = readdirSync(`${ROOT}docs`).filter((name) => name.endsWith('.md')).map((name) => `${ROOT}docs/${name}`);
const ARCHITECTURE = ['shared', 'proxy', 'widget', 'e2e'].map((name) => `${ROOT}${name}/ARCHITECTURE.md`);
const READER_DOCS = [`${ROOT}README.md`, ...DOCS, ...ARCHITECTURE];

describe('the documentation in the repository', () => {
  it('has the documents the README promises', () => {
    expect(DOCS.map((file) => file.slice(`${ROOT}docs/`.length)).sort()).toEqual(
      expect.arrayContaining(['configuration.md', 'contract.md', 'delivery.md', 'operations.md', 'security.md']),
    );
  });

  it('links only to files and headings that exist', () => {
    expect(READER_DOCS.flatMap(brokenLinks)).toEqual([]);
  });

  it('never sends a reader to a document outside the repository', () => {
    const outside = /\.\.\/shared|CONTRACT\.md|DESIGN\.md|CONVENTIONS\.md|containers\.md/;
    const offenders = READER_DOCS.flatMap((file) =>
      readFileSync(file, 'utf8').split('\n').flatMap((line, index) => (outside.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])));
    expect(offenders).toEqual([]);
  });

  it('finds links and anchors the way a Markdown reader does', () => {
    expect(linkTargets('See [the contract](docs/contract.md#2-http-routes), `[not](a-link)`.\n```\n[nor](this)\n```\n'))
      .toEqual(['docs/contract.md#2-http-routes']);
    expect(headingAnchor('7. Command line: `gleantap-capture`')).toBe('7-command-line-gleantap-capture');
    expect(headingAnchor('Forms file (`CAPTURE_CONFIG`)')).toBe('forms-file-capture_config');
    expect([...anchorsOf('# A\n```\n# not a heading\n```\n## Create-or-update: B\n')]).toEqual(['a', 'create-or-update-b']);
  });
});
