import { parseArgs } from 'node:util';
import { parseDuration } from '../../config/duration.ts';
import { IDEMPOTENCY_MIN_MS } from '../../outbox/worker.ts';
import { type CliIo, EXIT } from '../cli-io.ts';
import { withOutboxStore } from './outbox-store.ts';

/**
 * `outbox purge --older-than 30d`: deletes delivered and dead submissions that reached that state
 * longer ago than the duration. Never a queued or sending one, and never younger than 24 h:
 * the row is also the idempotency record a retrying browser relies on for a day.
 */
export async function outboxPurge(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { 'older-than': { type: 'string' } }, strict: true });
  const text = values['older-than'];
  const ms = text === undefined ? undefined : parseDuration(text);
  if (ms === undefined) {
    io.err('gleantap-capture outbox purge: --older-than needs a duration like 30d, 72h or 90m');
    return EXIT.usage;
  }
  if (ms < IDEMPOTENCY_MIN_MS) {
    io.err('gleantap-capture outbox purge: --older-than must be at least 24h (replays of a submission are answered from its row for a day)');
    return EXIT.usage;
  }
  return withOutboxStore(io, 'outbox purge', async (store) => {
    const purged = await store.queries().admin.purge(Date.now() - ms);
    io.out(`purged ${purged} delivered or dead submission${purged === 1 ? '' : 's'} older than ${text}`);
    return EXIT.ok;
  });
}
