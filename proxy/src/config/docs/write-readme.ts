import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderConfigReference, replaceSection } from './reference.ts';

// The repository's README, which holds the generated configuration reference.
const README_PATH = fileURLToPath(new URL('../../../../README.md', import.meta.url));

// `pnpm docs:config`: regenerate the section between the markers, leaving the rest alone.
const current = existsSync(README_PATH) ? readFileSync(README_PATH, 'utf8') : '';
const next = replaceSection(current, renderConfigReference());
if (next !== current) writeFileSync(README_PATH, next);
process.stdout.write(`${next === current ? 'README.md already current' : 'README.md updated'}: ${README_PATH}\n`);
