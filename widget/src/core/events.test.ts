import { describe, expect, it } from 'vitest';
import { createEventHub, type WidgetEventDetail } from './events.ts';

describe('events', () => {
  it('dispatches a bubbling, composed gleantap:<name> event and calls on() listeners, surviving a broken one', () => {
    const hub = createEventHub(window);
    const target = document.createElement('div');
    document.body.append(target);
    const seen: WidgetEventDetail[] = [];
    document.addEventListener('gleantap:success', (event) => {
      const custom = event as CustomEvent<WidgetEventDetail>;
      expect(custom.bubbles && custom.composed).toBe(true);
      seen.push(custom.detail);
    });
    hub.on('success', () => {
      throw new Error('a broken listener on the host page');
    });
    const off = hub.on('success', (detail) => seen.push(detail));
    hub.emit(target, 'success', { form: 'trial', id: 'abc', status: 'created' });
    off();
    hub.emit(target, 'success', { form: 'trial', id: 'def', status: 'queued' });
    expect(seen.map((detail) => detail.id)).toEqual(['abc', 'abc', 'def']);
  });

  it('pushes to dataLayer only when the page already has one', () => {
    const win = window as Window & { dataLayer?: unknown[] };
    delete win.dataLayer;
    createEventHub(win).emit(document.body, 'submit', { form: 'trial', id: 'a' });
    expect(win.dataLayer).toBeUndefined();
    win.dataLayer = [];
    createEventHub(win).emit(document.body, 'error', { form: 'trial', id: 'a', error_code: 'rate_limited' });
    expect(win.dataLayer).toEqual([{ event: 'gleantap_error', gleantap: { form: 'trial', id: 'a', error_code: 'rate_limited' } }]);
  });
});
