import { parseArgs } from 'node:util';
import type { ForgottenRow } from '../../store/forget-queries.ts';
import { SUBMISSION_STATES } from '../../store/rows.ts';
import { type CliIo, EXIT } from '../cli-io.ts';
import { PERSON_OPTIONS, parsePerson } from './outbox-person.ts';
import { withOutboxStore } from './outbox-store.ts';

const count = (rows: readonly ForgottenRow[], state: string): number => rows.filter((row) => row.was === state).length;

/**
 * `outbox forget --email <e> | --phone <p> [--form <id>] [--json]`: erases one person's data
 * from every stored row (an erasure request), withdraws their leads not yet delivered, and
 * checkpoints the WAL so the file keeps no old copy. Prints ids and counts, never the data.
 * Exit 1 when the checkpoint was blocked by a reader: the rows are erased, but old page images
 * stay in the `-wal` file until a later checkpoint (running the command again makes one).
 */
export async function outboxForget(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { ...PERSON_OPTIONS, json: { type: 'boolean', default: false } }, strict: true });
  const person = parsePerson(io, 'outbox forget', values);
  if (typeof person === 'number') return person;
  return withOutboxStore(io, 'outbox forget', async (store) => {
    const queries = store.queries().forget;
    const rows = await queries.forget(person, Date.now());
    const checkpoint = await queries.checkpoint();
    const byState = Object.fromEntries(SUBMISSION_STATES.map((state) => [state, count(rows, state)]));
    if (values.json) {
      const listed = rows.map((row) => ({ id: row.id, form: row.formId, was: row.was, state: row.state }));
      io.out(JSON.stringify({ forgotten: listed, byState, checkpoint: checkpoint.ok ? 'done' : 'busy' }, null, 2));
    } else if (rows.length === 0) io.out('No stored submission holds that person’s data.');
    else {
      const withdrawn = rows.filter((row) => row.was !== row.state).length;
      io.out(`forgot ${rows.length} submission${rows.length === 1 ? '' : 's'}: ${SUBMISSION_STATES.map((state) => `${state} ${byState[state]}`).join(', ')}`);
      if (withdrawn > 0) io.out(`${withdrawn} not yet delivered ${withdrawn === 1 ? 'is' : 'are'} withdrawn (now dropped, reason erased)`);
      for (const row of rows) io.out(`  ${row.id} (form ${row.formId}): ${row.was === row.state ? `${row.state}, data erased` : `${row.was} -> ${row.state}, data erased`}`);
      if (byState['sending'] !== 0) io.out('A call to Gleantap already in flight for a sending one may still arrive there.');
    }
    if (!checkpoint.ok) {
      io.err(
        'gleantap-capture outbox forget: the rows are erased, but a reader kept the WAL from being emptied: old copies stay in the -wal file until a later checkpoint. Run the same command again shortly.',
      );
      return EXIT.failure;
    }
    return EXIT.ok;
  });
}
