import { expect, it, onTestFinished } from 'vitest';
import { post, signup, startHarness } from '../testing/harness.ts';
import { describeStores } from '../testing/test-postgres.ts';
import { waitFor } from '../testing/wait-for.ts';
import type { OutboxEvent } from './outbox-events.ts';

describeStores('outbox events', (store) => {
  it('tell every listener what happened to a lead, by kind and form, with no visitor data', async () => {
    const seen: OutboxEvent[] = [];
    const harness = await startHarness({ store, outboxListeners: [(event) => seen.push(event)] });
    onTestFinished(() => harness.close());
    const body = signup({ email: 'events-canary@example.com' });
    expect((await post(harness.proxy.url, body)).status).toBe(201);
    expect((await post(harness.proxy.url, body)).status).toBe(201);
    await waitFor('delivered seen', () => seen.some((event) => event.kind === 'delivered'));
    expect(seen.map((event) => event.kind).sort()).toEqual(['accepted', 'answered', 'delivered', 'replayed']);
    expect(seen.find((event) => event.kind === 'answered')).toEqual({ kind: 'answered', formId: 'default', status: 201 });
    expect(JSON.stringify(seen)).not.toContain('events-canary');
  });

  it('a listener that throws changes nothing for the visitor or the delivery, and is logged once per event', async () => {
    const harness = await startHarness({
      store,
      outboxListeners: [
        () => {
          throw new Error('listener broke');
        },
      ],
    });
    onTestFinished(() => harness.close());
    const body = signup();
    expect((await post(harness.proxy.url, body)).status).toBe(201);
    await waitFor('delivered', async () => (await harness.proxy.metrics()).delivered === 1);
    expect((await harness.contacts()).length).toBe(1);
    const failures = harness.logs.filter((line) => line.includes('outbox event listener failed'));
    expect(failures.map((line) => JSON.parse(line).event).sort()).toEqual(['accepted', 'answered', 'delivered']);
  });
});
