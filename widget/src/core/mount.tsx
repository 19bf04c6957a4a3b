import type { PublicFormDefinition } from '@gleantap-capture/shared';
import { h, render } from 'preact';
import { FormLoader } from '../ui/form-loader.tsx';
import type { EventHub } from './events.ts';
import type { Unmount } from './unmount.ts';

export interface MountOptions {
  readonly form: string;
  /** Base URL of the proxy, ending in `/` (e.g. `https://forms.example.com/`). */
  readonly endpoint: string;
  readonly locale?: string | undefined;
}

export type { Unmount } from './unmount.ts';

/** Normalises an endpoint so that `v1/forms/…` can be appended. */
export function normaliseEndpoint(endpoint: string, base: string = document.baseURI): string {
  const url = new URL(endpoint, base);
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/** The form for `host`, rendered into `root`: what both an inline mount and the popup show. */
export function formFor(host: Element, root: ShadowRoot, options: MountOptions, hub: EventHub, onReady?: (definition: PublicFormDefinition) => void) {
  return <FormLoader formId={options.form} endpoint={normaliseEndpoint(options.endpoint)} locale={options.locale} hub={hub} host={host} root={root} onReady={onReady} />;
}

/**
 * Renders a form into `host`'s open shadow root. The host's own children stay visible
 * (through a slot) until the form is ready, and nothing of the form leaks into the page.
 */
export function mountInto(host: Element, options: MountOptions, hub: EventHub): Unmount {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  render(formFor(host, root, options, hub), root);
  return () => render(null, root);
}
