import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderConfigReference, replaceSection } from './reference.ts';

// The repository's configuration reference, which holds the generated section.
const REFERENCE_PATH = fileURLToPath(new URL('../../../../docs/configuration.md', import.meta.url));

// `pnpm docs:config`: regenerate the section between the markers, leaving the rest alone.
const current = existsSync(REFERENCE_PATH) ? readFileSync(REFERENCE_PATH, 'utf8') : '';
const next = replaceSection(current, renderConfigReference());
if (next !== current) writeFileSync(REFERENCE_PATH, next);
process.stdout.write(`${next === current ? 'docs/configuration.md already current' : 'docs/configuration.md updated'}: ${REFERENCE_PATH}\n`);
