import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV_KEYS } from '../env-schema.ts';
import { envReference, formsFileReference, readSection, renderConfigReference, replaceSection } from './reference.ts';

const REFERENCE = new URL('../../../../docs/configuration.md', import.meta.url);

describe('the configuration reference', () => {
  it('describes every environment variable', () => {
    const rows = envReference();
    expect(rows.map((row) => row.key)).toEqual([...ENV_KEYS]);
    expect(rows.filter((row) => !row.description?.trim()).map((row) => row.key)).toEqual([]);
  });

  it('describes every key of the forms file', () => {
    const rows = formsFileReference();
    expect(rows.filter((row) => !row.description?.trim()).map((row) => row.key)).toEqual([]);
    // The walk reaches the deep keys, so a key added anywhere without a description fails above.
    expect(rows.map((row) => row.key)).toEqual(
      expect.arrayContaining([
        'version',
        'defaults.rateLimit.perIp.max',
        'outbox.backoff.capMs',
        'forms.<id>.fields[].name',
        'forms.<id>.consent.sms.mode',
        'forms.<id>.success.redirectUrl',
        'forms.<id>.messages.<locale>.submit',
        'forms.<id>.theme.accentColor',
        'forms.<id>.account.secretKeyEnv',
      ]),
    );
  });

  it('is current in docs/configuration.md (run `pnpm docs:config` after changing a schema)', () => {
    const section = readSection(readFileSync(REFERENCE, 'utf8'));
    expect(section).toBe(renderConfigReference());
  });

  it('replaces only the text between the markers', () => {
    const readme = '# Title\n\nintro\n\n<!-- config-reference:start -->\nold\n<!-- config-reference:end -->\n\n## After\n';
    expect(replaceSection(readme, 'new')).toBe('# Title\n\nintro\n\n<!-- config-reference:start -->\nnew\n<!-- config-reference:end -->\n\n## After\n');
    expect(replaceSection('', 'new')).toBe('## Configuration reference\n\n<!-- config-reference:start -->\nnew\n<!-- config-reference:end -->\n');
  });
});
