import { parseArgs } from 'node:util';
import { releaseVersion } from '../../release-version.ts';
import { SCHEMA_VERSION } from '../../store/migrations.ts';
import { loadWidgetBundle } from '../../widget/widget-bundle.ts';
import { type CliIo, EXIT } from '../cli-io.ts';

export const VERSION_HELP = `Usage: gleantap-capture version

Prints this release, the store schema version it writes to DATA_DIR, and the hash of the widget
it serves (the name of /widget/widget.<hash>.js). Reads no configuration and needs no keys.`;

/** `version`: what is installed, for upgrade notes and bug reports. */
export async function versionCommand(args: readonly string[], io: CliIo): Promise<number> {
  parseArgs({ args: [...args], options: {}, strict: true });
  const widget = loadWidgetBundle();
  io.out(`gleantap-capture ${releaseVersion()}`);
  io.out(`store schema version ${SCHEMA_VERSION}`);
  io.out(widget ? `widget ${widget.hash} (${widget.integrity})` : 'widget not built (run `npx -y pnpm@10 build`)');
  return EXIT.ok;
}
