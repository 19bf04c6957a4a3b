import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogFormat } from './log-format.ts';
import { prettyStream } from './pretty-stream.ts';

export interface LoggerOptions {
  readonly level: string;
  /** Secret values (keys, token secret) scrubbed from every line, whatever path they hide under. */
  readonly secrets: Iterable<string>;
  /** Where lines go; stdout by default. Tests pass a capturing stream. */
  readonly destination?: DestinationStream;
  /** `json` (the default) or `pretty` (pino-pretty, loaded only then); see log-format.ts. */
  readonly format?: LogFormat;
  /** Colours in pretty lines; for a terminal. */
  readonly colour?: boolean;
}

/** Paths that would carry personal data or keys if anyone ever logged a whole object. */
const REDACT_PATHS = [
  'email',
  'phone',
  'first_name',
  'last_name',
  'name',
  'fields',
  'body',
  'contact',
  '*.email',
  '*.phone',
  '*.first_name',
  '*.last_name',
  '*.fields',
  '*.body',
  'headers["x-api-key"]',
  'headers["x-secret-key"]',
  'headers.authorization',
  'headers.cookie',
  '*.headers["x-api-key"]',
  '*.headers["x-secret-key"]',
  '*.headers.authorization',
  '*.headers.cookie',
  'apiKey',
  'secretKey',
  '*.apiKey',
  '*.secretKey',
  'tokenSecret',
  '*.tokenSecret',
];

/** Escape a literal for use inside a RegExp. */
function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A pino logger with redaction on by default. Path redaction covers known shapes; the
 * stream hook is the backstop that removes any secret value that slipped into a line.
 */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = [...options.secrets].filter((value) => value.length >= 4);
  const scrub = secrets.length === 0 ? null : new RegExp(secrets.map(escapeRegExp).join('|'), 'g');
  return pino(
    {
      level: options.level,
      base: undefined,
      // Lines a person or a log tool reads without a lookup table: ISO time, level names.
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: scrub ? { streamWrite: (line: string) => line.replace(scrub, '[redacted]') } : {},
    },
    options.format === 'pretty' ? prettyStream(options.destination, options.colour ?? false) : options.destination,
  );
}
