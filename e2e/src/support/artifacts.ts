import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `e2e/artifacts/`: screenshots CI keeps (gitignored). */
export const ARTIFACTS_DIR = fileURLToPath(new URL('../../artifacts/', import.meta.url));

/** The path of an artefact file, creating the directory on first use. */
export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return `${ARTIFACTS_DIR}${name}`;
}
