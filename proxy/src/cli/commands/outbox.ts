import { type CliIo, EXIT } from '../cli-io.ts';
import { outboxBackup } from './outbox-backup.ts';
import { outboxExport } from './outbox-export.ts';
import { outboxForget } from './outbox-forget.ts';
import { outboxList } from './outbox-list.ts';
import { outboxPurge } from './outbox-purge.ts';
import { outboxRetry } from './outbox-retry.ts';

export const OUTBOX_HELP = `Usage: gleantap-capture outbox <command> [options]

  list [--state queued|sending|delivered|dead|dropped] [--json]
                    Stored submissions: id, form, state, dead reason, attempts, last error
                    (reason, HTTP status, Gleantap's message), Gleantap id, optin step.
                    Shows no personal data.
  retry <id> | --all-dead
                    Put a dead submission (or, by id, a bot-dropped one) back in the queue,
                    or make a queued one due now; a running serve delivers it at its next
                    pass. --all-dead takes dead submissions only.
  purge --older-than <duration>
                    Delete delivered and dead submissions that reached that state longer ago
                    (at least 24h). Never touches queued or sending ones.
  export [--state dead] [--format csv|json] [--output <file> [--force]]
                    Print the submissions in a state with their Gleantap data (personal data).
                    --output writes a new file readable by its owner only (mode 0600);
                    it refuses to replace one unless --force.
  export --email <address> | --phone <number> [--form <id>] [--format json|csv] [--output <file>]
                    Everything stored about one person, every row in any state with its
                    times and stored bodies (a subject access request; JSON by default).
  forget --email <address> | --phone <number> [--form <id>] [--json]
                    Erase one person's data from every stored row (ids, states and times
                    stay). Leads not yet delivered are withdrawn: dropped, reason erased
                    (a call already in flight may still reach Gleantap). Prints counts and
                    ids, never the data. Email matches case-insensitively; a phone without
                    + needs --form and is read in that form's phoneCountry (CAPTURE_CONFIG).
                    Erasure in Gleantap itself, and in backups, is the owner's step.
  backup <file> [--force]
                    Write a consistent copy of the store to <file> (mode 0600; it holds
                    personal data) with SQLite's online backup, check it with
                    integrity_check, and print its rows by state and schema version.
                    Refuses to replace an existing file unless --force.

Reads DATA_DIR and DATABASE_URL as serve does (SQLite in DATA_DIR, default ./data; PostgreSQL
when DATABASE_URL is set); needs no keys. Safe while serve runs.`;

const SUBCOMMANDS: Readonly<Record<string, (args: readonly string[], io: CliIo) => number | Promise<number>>> = {
  list: outboxList,
  retry: outboxRetry,
  purge: outboxPurge,
  export: outboxExport,
  backup: outboxBackup,
  forget: outboxForget,
};

/** `outbox <list|retry|purge|export|backup|forget>`. */
export async function outboxCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = args;
  const run = name !== undefined && Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (run === undefined) {
    io.err(name === undefined ? OUTBOX_HELP : `gleantap-capture outbox: unknown command "${name}"\n\n${OUTBOX_HELP}`);
    return EXIT.usage;
  }
  return run(rest, io);
}
