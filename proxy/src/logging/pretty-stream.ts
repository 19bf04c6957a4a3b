import { createRequire } from 'node:module';
import type { DestinationStream } from 'pino';

type PinoPretty = (options: Record<string, unknown>) => DestinationStream;

/**
 * pino-pretty, loaded only when a person is reading: a service writing JSON never loads it,
 * so it costs nothing at start-up or in memory there. Required lazily (and synchronously, so
 * the logger stays synchronous to build) from the package's own location.
 */
export function prettyStream(destination: DestinationStream | undefined, colorize: boolean): DestinationStream {
  const load = createRequire(import.meta.url)('pino-pretty') as PinoPretty | { default: PinoPretty };
  const build = typeof load === 'function' ? load : load.default;
  return build({
    colorize,
    // Lines keep the JSON's UTC time, so a pretty line and a JSON line of one moment agree.
    translateTime: 'UTC:yyyy-mm-dd HH:MM:ss.l"Z"',
    sync: true,
    ...(destination === undefined ? {} : { destination }),
  });
}
