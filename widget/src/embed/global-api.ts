import type { EventHub, WidgetEventName, WidgetListener } from '../core/events.ts';
import { mountInto, type Unmount } from '../core/mount.tsx';
import { openDialog } from './open-dialog.tsx';
import { watchTrigger } from './triggers.ts';

/** Options of `GleantapCapture.mount()` / `open()` on a page; the endpoint defaults to the script's. */
export interface PageMountOptions {
  readonly form?: string;
  readonly endpoint?: string;
  readonly locale?: string;
  readonly title?: string;
  /** Values for the form's hidden fields, by field name; others are ignored. */
  readonly fields?: Readonly<Record<string, unknown>>;
  /** Open later, on `click:<selector>`, `delay:<seconds>`, `scroll:<percent>` or `exit-intent` (`open()` only). */
  readonly trigger?: string;
}

/** The one global the widget defines: `window.GleantapCapture`. */
export interface GleantapCaptureApi {
  mount(element: Element, options?: PageMountOptions): Unmount;
  open(options?: PageMountOptions): () => void;
  on(name: WidgetEventName, listener: WidgetListener): () => void;
  /** Calls queued by the stub before the script loaded; pushing now runs the call at once. */
  readonly q: { push(...calls: unknown[]): number };
}

const NOOP = () => {};

/** Builds the page API. Every entry point catches its own failures: the host page never sees a throw. */
export function createGlobalApi(hub: EventHub, defaultEndpoint: string): GleantapCaptureApi {
  const guard = <T>(what: string, run: () => T, fallback: T): T => {
    try {
      return run();
    } catch (error) {
      console.error(`Gleantap Capture: ${what} failed`, error);
      return fallback;
    }
  };
  const api: GleantapCaptureApi = {
    mount: (element, options = {}) => guard('mount', () => mountInto(element, { ...options, form: options.form ?? 'default', endpoint: options.endpoint ?? defaultEndpoint }, hub), NOOP),
    open: (options = {}) =>
      guard(
        'open',
        () => {
          const { trigger, ...rest } = options;
          const show = (onClosed?: () => void) => openDialog({ ...rest, form: options.form ?? 'default', endpoint: options.endpoint ?? defaultEndpoint }, hub, onClosed);
          if (!trigger) return show();
          // One popup at a time from this trigger: a second click while it is open does nothing.
          let close: (() => void) | undefined;
          const stop = watchTrigger(trigger, () => {
            if (!close) close = show(() => (close = undefined));
          });
          if (!stop) throw new Error(`unknown trigger "${trigger}"`);
          return () => {
            stop();
            close?.();
          };
        },
        NOOP,
      ),
    on: (name, listener) => guard('on', () => hub.on(name, listener), NOOP),
    q: {
      push: (...calls) => {
        for (const call of calls) runQueued(api, call);
        return 0;
      },
    },
  };
  return api;
}

/** Runs one `[method, ...args]` entry from the stub's queue. */
function runQueued(api: GleantapCaptureApi, call: unknown): void {
  if (!Array.isArray(call)) return;
  const [method, ...args] = call as [unknown, ...unknown[]];
  if (method === 'mount' || method === 'open' || method === 'on') {
    (api[method] as (...values: unknown[]) => unknown)(...args);
  } else {
    console.error(`Gleantap Capture: unknown queued call "${String(method)}"`);
  }
}
