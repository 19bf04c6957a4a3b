import { describe, expect, it } from 'vitest';
import type { AlertEvent } from './alert-event.ts';
import { outboxListener } from './outbox-listener.ts';

describe('the adapter from outbox events to alerts', () => {
  it('turns dead letters, refused keys, degraded and recovered into alerts and ignores the rest', () => {
    const seen: AlertEvent[] = [];
    const listen = outboxListener((event) => seen.push(event));
    listen({ kind: 'accepted', formId: 'trial' });
    listen({ kind: 'delivered', formId: 'trial' });
    listen({ kind: 'dead', formId: 'trial', id: 's1', reason: 'rejected', error: 'unauthorized', message: 'Invalid key' });
    listen({ kind: 'keys_refused', formId: 'trial' });
    listen({ kind: 'degraded', oldestQueuedSeconds: 960, waiting: 3 });
    listen({ kind: 'recovered' });
    expect(seen).toEqual([
      { kind: 'dead_letter', form: 'trial', id: 's1', reason: 'rejected', error: 'unauthorized', gleantapMessage: 'Invalid key', lead: null },
      { kind: 'keys_refused', form: 'trial' },
      { kind: 'degraded', oldestQueuedSeconds: 960, waiting: 3 },
      { kind: 'recovered' },
    ]);
  });
});
