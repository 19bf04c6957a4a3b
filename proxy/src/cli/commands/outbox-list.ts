import { parseArgs } from 'node:util';
import { SUBMISSION_STATES, type SubmissionState } from '../../store/rows.ts';
import { type CliIo, EXIT } from '../cli-io.ts';
import { summaryJson, summaryTable } from './outbox-format.ts';
import { withOutboxStore } from './outbox-store.ts';

/** Reads `--state`, or says what is accepted. */
export function parseState(io: CliIo, command: string, value: string | undefined): SubmissionState | undefined | number {
  if (value === undefined) return undefined;
  if ((SUBMISSION_STATES as readonly string[]).includes(value)) return value as SubmissionState;
  io.err(`gleantap-capture ${command}: --state must be one of ${SUBMISSION_STATES.join(', ')}, not "${value}"`);
  return EXIT.usage;
}

/** `outbox list [--state …] [--json]`: ids, states and outcomes — never a lead's personal data. */
export async function outboxList(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { state: { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true });
  const state = parseState(io, 'outbox list', values.state);
  if (typeof state === 'number') return state;
  return withOutboxStore(io, 'outbox list', async (store) => {
    const rows = await store.queries().admin.list(state);
    if (values.json) io.out(JSON.stringify(rows.map(summaryJson), null, 2));
    else if (rows.length === 0) io.out(state === undefined ? 'No submissions stored.' : `No submissions in state ${state}.`);
    else for (const line of summaryTable(rows)) io.out(line);
    return EXIT.ok;
  });
}
