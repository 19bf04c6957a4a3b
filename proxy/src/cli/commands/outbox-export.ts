import { parseArgs } from 'node:util';
import { type CliIo, EXIT } from '../cli-io.ts';
import { exportCsv, summaryJson } from './outbox-format.ts';
import { parseState } from './outbox-list.ts';
import { withOutboxStore } from './outbox-store.ts';

/**
 * `outbox export --state dead --format csv|json`: the submissions in one state with their stored
 * newContact data, on stdout, so the owner can import them by hand. This does print personal data.
 */
export async function outboxExport(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { state: { type: 'string', default: 'dead' }, format: { type: 'string', default: 'csv' } }, strict: true });
  const state = parseState(io, 'outbox export', values.state);
  if (typeof state === 'number') return state;
  if (values.format !== 'csv' && values.format !== 'json') {
    io.err(`gleantap-capture outbox export: --format must be csv or json, not "${values.format}"`);
    return EXIT.usage;
  }
  const format = values.format;
  return withOutboxStore(io, 'outbox export', async (store) => {
    const rows = await store.queries().admin.exportRows(state ?? 'dead');
    if (format === 'json')
      io.out(
        JSON.stringify(
          rows.map((row) => ({ ...summaryJson(row), contact: row.contact, ...(row.fields === null ? {} : { fields: row.fields }) })),
          null,
          2,
        ),
      );
    else for (const line of exportCsv(rows)) io.out(line);
    return EXIT.ok;
  });
}
