import { expect, it, onTestFinished } from 'vitest';
import { startTestSandbox } from '../sandbox/test-sandbox.ts';
import { type ChildProxy, startChildProxy } from '../testing/child-proxy.ts';
import { callsById, contactsById, formsWithOutbox, type SandboxCall } from '../testing/outbox-fixtures.ts';
import { seededRandom, startSubmitStream } from '../testing/submit-stream.ts';
import { describeStores, freshStoreLocation } from '../testing/test-postgres.ts';
import { waitFor } from '../testing/wait-for.ts';

const TOTAL = 500;
const CLIENTS = 30;
const KILLS = 3;
const MIN_OUTSTANDING = 20;
const WORKER_CONCURRENCY = 4;
const CALL_CAP_MS = 5_000;
const SANDBOX_DELAY_MS = 300;

describeStores('crash recovery', (store) => {
  it('SIGKILL mid-stream, restarted on the same store: every lead answered 2xx is exactly one contact', { timeout: 150_000 }, async () => {
    const seed = Number(process.env['CRASH_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`crash test seed: ${seed} (replay the schedule with CRASH_SEED=${seed})`);
    const random = seededRandom(seed);
    // The kill points: seeded positions in the stream, in order.
    const killAt = Array.from({ length: KILLS }, () => 40 + Math.floor(random() * (TOTAL - 120))).sort((a, b) => a - b);

    const sandbox = await startTestSandbox();
    await sandbox.fault({ mode: 'slow', endpoint: 'newContact', delayMs: SANDBOX_DELAY_MS });
    const location = await freshStoreLocation(store);
    const start = (): Promise<ChildProxy> =>
      startChildProxy({
        ...location,
        sandboxUrl: sandbox.url,
        formsFile: formsWithOutbox({ inlineBudgetMs: 2000, concurrency: WORKER_CONCURRENCY, backoff: { baseMs: 50, capMs: 500 } }),
        env: { UPSTREAM_TIMEOUT_MS: String(CALL_CAP_MS), UPSTREAM_HEADERS_TIMEOUT_MS: String(CALL_CAP_MS), UPSTREAM_CONNECT_TIMEOUT_MS: '1000' },
      });
    let proxy = await start();
    const kills: Array<{ at: number; outstanding: number; recentQueued: number }> = [];
    const stream = startSubmitStream({ url: () => proxy.url, total: TOTAL, clients: CLIENTS, tag: `crash-${seed}`, random });
    onTestFinished(() => stream.stop());

    for (const position of killAt) {
      const moment = await waitFor(
        `position ${position} with ${MIN_OUTSTANDING} requests outstanding`,
        () => (stream.started() >= position && stream.outstanding() >= MIN_OUTSTANDING ? { outstanding: stream.outstanding() } : undefined),
        60_000,
        5,
      );
      const now = Date.now();
      // An inline call can outlive its request only after a 202, and never by more than the call cap.
      const recentQueued = stream.answers().filter((answer) => answer.status === 202 && answer.at >= now - CALL_CAP_MS).length;
      proxy.child.kill('SIGKILL');
      await proxy.exited;
      kills.push({ at: stream.started(), outstanding: moment.outstanding, recentQueued });
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 300)));
      proxy = await start();
    }
    await waitFor(
      'every submission answered',
      async () => {
        await Promise.race([stream.finished, new Promise((resolve) => setTimeout(resolve, 200))]);
        return stream.answers().length + stream.unexpected().length >= TOTAL;
      },
      90_000,
    );
    expect(stream.unexpected()).toEqual([]);
    const answered = new Set(stream.answers().map((answer) => answer.id));
    expect(answered.size).toBe(TOTAL);

    await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
    const contacts = await waitFor(
      'every answered lead delivered',
      async () => {
        const counts = contactsById(await sandbox.contacts());
        return [...answered].every((id) => counts.has(id)) ? counts : undefined;
      },
      60_000,
    );
    for (const id of answered) expect(contacts.get(id), id).toBe(1);
    expect([...contacts.values()].every((count) => count === 1)).toBe(true);
    expect(contacts.size).toBe(answered.size);

    const calls = callsById((await sandbox.calls()) as unknown as SandboxCall[]);
    const total = [...calls.values()].reduce((sum, list) => sum + list.length, 0);
    const repeated = [...calls.values()].reduce((sum, list) => sum + list.length - 1, 0);
    const bound = kills.reduce((sum, kill) => sum + WORKER_CONCURRENCY + kill.outstanding + kill.recentQueued, 0);
    console.log(
      `crash test figures: seed=${seed} kills=${JSON.stringify(kills)} answered=${answered.size} ` +
        `(201: ${stream.answers().filter((answer) => answer.status === 201).length}, 202: ${stream.answers().filter((answer) => answer.status === 202).length}) ` +
        `contacts=${contacts.size} newContact calls=${total} repeated=${repeated} bound=${bound}`,
    );
    expect(kills).toHaveLength(KILLS);
    for (const kill of kills) expect(kill.outstanding).toBeGreaterThanOrEqual(MIN_OUTSTANDING);
    expect(repeated).toBeLessThanOrEqual(bound);

    proxy.child.kill('SIGTERM');
    expect(await proxy.exited).toBe(0);
  });
});
