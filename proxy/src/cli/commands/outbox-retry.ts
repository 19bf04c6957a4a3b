import { parseArgs } from 'node:util';
import { type CliIo, EXIT } from '../cli-io.ts';
import { withOutboxStore } from './outbox-store.ts';

/**
 * `outbox retry <id> | --all-dead`: dead submissions (and, by id, bot-dropped ones) go back to
 * the queue with a fresh dead-letter age; a queued one, by id, is made due now (its backoff or
 * Retry-After wait ends). A running `serve` picks them up at its next pass. An `invalid_contact`
 * lead is requeued with its kept fields: the running `serve` builds its body anew with its own
 * (fixed) config, and if that still fails the lead is dead again with the problem named.
 */
export async function outboxRetry(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { 'all-dead': { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
  const id = positionals[0]?.toLowerCase();
  if (positionals.length > 1 || (id === undefined) === !values['all-dead']) {
    io.err('gleantap-capture outbox retry: give one submission id, or --all-dead');
    return EXIT.usage;
  }
  return withOutboxStore(io, 'outbox retry', async (store) => {
    const result = await store.queries().admin.retry(id === undefined ? 'all-dead' : { id }, Date.now());
    for (const key of result.retried) {
      io.out(key.how === 'requeued' ? `requeued ${key.id} (form ${key.formId})` : `due now ${key.id} (form ${key.formId}): its wait is over`);
    }
    for (const skip of result.skipped) {
      io.err(
        skip.why === 'erased'
          ? `not retried ${skip.id} (form ${skip.formId}): its data was erased`
          : skip.state === 'sending'
            ? `not retried ${skip.id} (form ${skip.formId}): it is being delivered right now`
            : `not retried ${skip.id} (form ${skip.formId}): it is ${skip.state}, not dead`,
      );
    }
    if (id === undefined) {
      if (result.retried.length === 0) io.out('No dead submissions.');
      return EXIT.ok;
    }
    if (result.retried.length === 0 && result.skipped.length === 0) io.err(`gleantap-capture outbox retry: no submission with id ${id}`);
    return result.retried.length > 0 ? EXIT.ok : EXIT.failure;
  });
}
