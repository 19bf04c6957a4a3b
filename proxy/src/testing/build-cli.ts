import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BUILD_SCRIPT = fileURLToPath(new URL('../../scripts/build.mjs', import.meta.url));

/**
 * Vitest global setup: compiles the command before any test spawns it, so a test of
 * `bin/gleantap-capture.js` always runs the sources it sits beside, never a stale dist/.
 */
export default function buildCli(): void {
  execFileSync(process.execPath, [BUILD_SCRIPT], { stdio: 'inherit' });
}
