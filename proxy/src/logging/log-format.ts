/** How log lines are written: one JSON object per line, or pino-pretty's lines for a person. */
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/**
 * LOG_FORMAT when set, else `pretty` for a terminal and `json` for everything else (a pipe, a
 * file, journald, a container's log driver): machines get JSON unless someone asks otherwise.
 */
export function chooseLogFormat(forced: LogFormat | undefined, stdoutIsTty: boolean): LogFormat {
  return forced ?? (stdoutIsTty ? 'pretty' : 'json');
}

/** LOG_FORMAT as the commands that read no config (`sandbox`, `demo`) take it: anything else is "not forced". */
export function parseLogFormat(value: string | undefined): LogFormat | undefined {
  return LOG_FORMATS.find((format) => format === value);
}
