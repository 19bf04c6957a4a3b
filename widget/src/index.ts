/**
 * `@gleantap-capture/widget` for bundler users.
 *
 * @example
 * import { mount } from '@gleantap-capture/widget';
 * const unmount = mount(document.querySelector('#signup')!, {
 *   form: 'trial',
 *   endpoint: 'https://forms.example.com/',
 *   on: { success: ({ id }) => console.log('signed up', id) },
 * });
 */
import { createEventHub, type WidgetEventName, type WidgetListener } from './core/events.ts';
import { mountInto } from './core/mount.tsx';
import type { Unmount } from './core/unmount.ts';

export type { WidgetEventDetail, WidgetEventName, WidgetListener } from './core/events.ts';
export type { Unmount } from './core/unmount.ts';

export interface WidgetMountOptions {
  /** The form id configured on the proxy. */
  readonly form: string;
  /** The proxy's base URL, e.g. `https://forms.example.com/`. */
  readonly endpoint: string;
  /** Locale to show; else the page's `lang`, else the browser's. */
  readonly locale?: string;
  /** Values for the form's hidden fields, by field name (fields the form does not declare hidden are ignored). */
  readonly fields?: Readonly<Record<string, string | number | boolean | readonly string[]>>;
  /** Event listeners: `ready`, `submit`, `success`, `error`. */
  readonly on?: Partial<Record<WidgetEventName, WidgetListener>>;
}

/** Renders a signup form into `element` (in an open shadow root); returns a function that removes it. */
export function mount(element: Element, options: WidgetMountOptions): Unmount {
  const hub = createEventHub();
  for (const [name, listener] of Object.entries(options.on ?? {})) {
    if (listener) hub.on(name as WidgetEventName, listener);
  }
  return mountInto(element, { form: options.form, endpoint: options.endpoint, locale: options.locale, fields: options.fields }, hub);
}
