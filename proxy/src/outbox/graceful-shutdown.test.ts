import { expect, it, onTestFinished } from 'vitest';
import { startTestSandbox } from '../sandbox/test-sandbox.ts';
import { startChildProxy } from '../testing/child-proxy.ts';
import { post } from '../testing/harness.ts';
import { contactsById, formsWithOutbox, lead, type SandboxCall } from '../testing/outbox-fixtures.ts';
import { describeStores, freshStoreLocation } from '../testing/test-postgres.ts';
import { waitFor } from '../testing/wait-for.ts';

/** A bound on the whole stop (request grace + delivery drain + start-up slack), not a speed claim. */
const EXIT_BOUND_MS = 15_000;

type Outcome = { id: string; status: number } | { id: string; error: string };

describeStores('graceful shutdown', (store) => {
  it('SIGTERM with 20+ submissions in flight: each gets a 2xx or a connection error, exit 0, and every 2xx is delivered after restart', async () => {
    const sandbox = await startTestSandbox();
    // Slow enough that inline calls are still running when the proxy is told to stop.
    await sandbox.fault({ mode: 'slow', endpoint: 'newContact', delayMs: 4000 });
    const location = await freshStoreLocation(store);
    const forms = formsWithOutbox({ inlineBudgetMs: 1500, backoff: { baseMs: 50, capMs: 200 } });
    const env = { UPSTREAM_TIMEOUT_MS: '10000', UPSTREAM_HEADERS_TIMEOUT_MS: '10000' };
    const proxy = await startChildProxy({ ...location, sandboxUrl: sandbox.url, formsFile: forms, env });

    let outstanding = 0;
    const send = async (body: { id: string }): Promise<Outcome> => {
      outstanding += 1;
      try {
        const response = await post(proxy.url, body);
        await response.arrayBuffer();
        return { id: body.id, status: response.status };
      } catch (error) {
        return { id: body.id, error: (error as Error).name };
      } finally {
        outstanding -= 1;
      }
    };
    const first = Array.from({ length: 30 }, (_, index) => lead(`term-${index}`));
    const firstWave = Promise.all(first.map(send));
    await waitFor('20 inline calls in flight', async () => ((await sandbox.calls()) as unknown as SandboxCall[]).length >= 20, 20_000, 10);
    const inFlightAtSignal = outstanding;
    proxy.child.kill('SIGTERM');
    expect(inFlightAtSignal).toBeGreaterThanOrEqual(20);
    // Visitors keep coming while it stops: refused connections, never a broken answer.
    const late = Array.from({ length: 10 }, (_, index) => lead(`late-${index}`));
    const lateWave = Promise.all(
      late.map(async (body, index) => {
        await new Promise((resolve) => setTimeout(resolve, index * 100));
        return send(body);
      }),
    );

    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([proxy.exited, new Promise((resolve) => (timer = setTimeout(() => resolve('no exit'), EXIT_BOUND_MS)))]);
    clearTimeout(timer);
    expect(code).toBe(0);
    const outcomes = [...(await firstWave), ...(await lateWave)];
    for (const outcome of outcomes) {
      if ('status' in outcome) expect([201, 202], outcome.id).toContain(outcome.status);
      else expect(outcome.error, outcome.id).toBe('TypeError'); // fetch's "failed to connect / socket closed"
    }
    const accepted = outcomes.flatMap((outcome) => ('status' in outcome ? [outcome.id] : []));
    expect(accepted.length).toBeGreaterThanOrEqual(20);
    expect(proxy.output()).toContain('"msg":"stopped"');
    console.log(
      `SIGTERM figures: in flight at the signal=${inFlightAtSignal} answered=${accepted.length} ` +
        `(201: ${outcomes.filter((o) => 'status' in o && o.status === 201).length}) connection errors=${outcomes.length - accepted.length}`,
    );

    await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
    const restarted = await startChildProxy({ ...location, sandboxUrl: sandbox.url, formsFile: forms, env });
    onTestFinished(() => void restarted.child.kill('SIGTERM'));
    await waitFor(
      'every accepted lead delivered after the restart',
      async () => {
        const contacts = contactsById(await sandbox.contacts());
        return accepted.every((id) => contacts.get(id) === 1);
      },
      30_000,
    );
    const contacts = contactsById(await sandbox.contacts());
    expect([...contacts.values()].every((count) => count === 1)).toBe(true);
    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toBe(0);
  });
});
