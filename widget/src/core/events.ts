/** The widget's public events (docs/contract.md §1). */
export type WidgetEventName = 'ready' | 'submit' | 'success' | 'error';

/** What every event carries: never a value the visitor typed. */
export interface WidgetEventDetail {
  readonly form: string;
  readonly id?: string;
  readonly status?: string;
  readonly error_code?: string;
}

export type WidgetListener = (detail: WidgetEventDetail) => void;

/** Fans an event out to the DOM, `on()` listeners and, if the page has one, `dataLayer`. */
export interface EventHub {
  on(name: WidgetEventName, listener: WidgetListener): () => void;
  emit(target: EventTarget, name: WidgetEventName, detail: WidgetEventDetail): void;
}

/** One hub per page (script tag) or per `mount()` caller (ESM). */
export function createEventHub(win: Window & { dataLayer?: unknown } = window): EventHub {
  const listeners = new Map<WidgetEventName, Set<WidgetListener>>();
  return {
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => set.delete(listener);
    },
    emit(target, name, detail) {
      target.dispatchEvent(new CustomEvent(`gleantap:${name}`, { detail, bubbles: true, composed: true }));
      for (const listener of listeners.get(name) ?? []) {
        // A broken listener on the host page must not break the form.
        try {
          listener(detail);
        } catch {
          /* ignored on purpose */
        }
      }
      // Only push to a dataLayer the page already has: the widget defines no globals of its own.
      if (Array.isArray(win.dataLayer)) {
        win.dataLayer.push({ event: `gleantap_${name}`, gleantap: { ...detail } });
      }
    },
  };
}
