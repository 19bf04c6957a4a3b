import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ExportRow } from '../../store/admin-queries.ts';
import type { PersonRow } from '../../store/forget-queries.ts';
import { type CliIo, EXIT } from '../cli-io.ts';
import { writeExportFile } from './export-file.ts';
import { exportCsv, summaryJson } from './outbox-format.ts';
import { parseState } from './outbox-list.ts';
import { PERSON_OPTIONS, parsePerson } from './outbox-person.ts';
import { withOutboxStore } from './outbox-store.ts';

const asJson = (row: ExportRow | PersonRow): Record<string, unknown> => ({
  ...summaryJson(row),
  contact: row.contact,
  ...(row.fields === null ? {} : { fields: row.fields }),
  ...('optinBody' in row ? { optinBody: row.optinBody } : {}),
});

/**
 * `outbox export [--state dead] [--format csv|json] [--output <file> [--force]]`: the
 * submissions in one state with their stored newContact data, so the owner can import them by
 * hand. `--email <e> | --phone <p> [--form <id>]` instead gives every row stored about that
 * person, in any state, with every stored body (a subject access request; JSON by default).
 * This prints personal data: on stdout, or into a new file readable by its owner only.
 */
export async function outboxExport(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { state: { type: 'string' }, format: { type: 'string' }, output: { type: 'string' }, force: { type: 'boolean', default: false }, ...PERSON_OPTIONS },
    strict: true,
  });
  const byPerson = values.email !== undefined || values.phone !== undefined;
  if (byPerson && values.state !== undefined) {
    io.err('gleantap-capture outbox export: --state and --email/--phone do not go together (a person’s export has every state)');
    return EXIT.usage;
  }
  if (!byPerson && values.form !== undefined) {
    io.err('gleantap-capture outbox export: --form narrows --email/--phone only');
    return EXIT.usage;
  }
  const state = parseState(io, 'outbox export', values.state);
  if (typeof state === 'number') return state;
  const person = byPerson ? parsePerson(io, 'outbox export', values) : undefined;
  if (typeof person === 'number') return person;
  const format = values.format ?? (byPerson ? 'json' : 'csv');
  if (format !== 'csv' && format !== 'json') {
    io.err(`gleantap-capture outbox export: --format must be csv or json, not "${format}"`);
    return EXIT.usage;
  }
  if (values.force && values.output === undefined) {
    io.err('gleantap-capture outbox export: --force replaces an --output file; give --output <file>');
    return EXIT.usage;
  }
  return withOutboxStore(io, 'outbox export', async (store) => {
    const queries = store.queries();
    const rows: ReadonlyArray<ExportRow | PersonRow> = person === undefined ? await queries.admin.exportRows(state ?? 'dead') : await queries.forget.personRows(person);
    const lines = format === 'json' ? [JSON.stringify(rows.map(asJson), null, 2)] : exportCsv(rows);
    if (values.output === undefined) {
      for (const line of lines) io.out(line);
      return EXIT.ok;
    }
    const path = resolve(io.cwd, values.output);
    const written = writeExportFile(path, `${lines.join('\n')}\n`, values.force);
    if (!written.ok) {
      io.err(`gleantap-capture outbox export: ${written.problem}`);
      return written.reason === 'exists' ? EXIT.usage : EXIT.failure;
    }
    io.out(`export written: ${path} (${rows.length} row${rows.length === 1 ? '' : 's'}, mode 0600)`);
    return EXIT.ok;
  });
}
