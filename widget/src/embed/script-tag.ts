import { createEventHub } from '../core/events.ts';
import { endpointFromScript, sameOrigin } from './endpoint-from-script.ts';
import { fieldAttributes } from './field-attributes.ts';
import { defineFormElement } from './form-element.ts';
import { createGlobalApi, type GleantapCaptureApi } from './global-api.ts';
import { watchMountPoints } from './mount-points.ts';

type PageWindow = Window & { GleantapCapture?: unknown };

function isApi(value: unknown): value is GleantapCaptureApi {
  return typeof value === 'object' && value !== null && typeof (value as GleantapCaptureApi).mount === 'function';
}

/**
 * The script-tag entry: installs `window.GleantapCapture` (replaying the stub's queue),
 * watches for mount points and `<gleantap-form>`, and renders a form right after its own
 * `<script>` tag when that sits in `<body>`. Loaded twice, it installs once and still
 * renders each tag's form.
 */
function start(win: PageWindow, doc: Document): void {
  const script = doc.currentScript instanceof HTMLScriptElement ? doc.currentScript : null;
  // The endpoint comes only from what the owner wrote: this script's own URL or its own
  // data-endpoint. Mount points are page content (a sanitizer that lets user markup through
  // keeps data-*), so they name a form and a locale, never a server.
  const endpoint = script?.dataset['endpoint'] || (script?.src ? endpointFromScript(script.src, doc.baseURI) : new URL('/', doc.baseURI).href);
  const optionsFrom = (element: HTMLElement, form: string | undefined) => ({ form: form || 'default', endpoint, locale: element.dataset['locale'], fields: fieldAttributes(element) });
  let api: GleantapCaptureApi;
  if (isApi(win.GleantapCapture)) {
    api = win.GleantapCapture;
  } else {
    const stub = win.GleantapCapture as { q?: unknown } | undefined;
    const queued = Array.isArray(stub?.q) ? (stub.q as unknown[]) : [];
    api = createGlobalApi(createEventHub(win), endpoint);
    win.GleantapCapture = api;
    api.q.push(...queued);
    const watch = () => watchMountPoints(doc, (element) => api.mount(element, optionsFrom(element, element.dataset['gleantapForm'])));
    if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', watch, { once: true });
    else watch();
    // `<gleantap-form endpoint>` may pick a path on the script's own origin, never another server.
    defineFormElement(win.customElements, (element, form, own, locale) =>
      api.mount(element, { form, endpoint: sameOrigin(own, endpoint, doc.baseURI), locale: locale || undefined, fields: fieldAttributes(element) }),
    );
  }
  // With data-open-on the form waits in a popup for its trigger; otherwise, in <head> the
  // script only loads the API, and in <body> its form appears right where it stands.
  const trigger = script?.dataset['openOn'];
  if (script && trigger) api.open({ ...optionsFrom(script, script.dataset['form']), trigger });
  else if (script && !script.closest('head')) {
    const host = doc.createElement('div');
    host.setAttribute('data-gleantap-host', '');
    script.after(host);
    api.mount(host, optionsFrom(script, script.dataset['form']));
  }
}

try {
  start(window, document);
} catch (error) {
  console.error('Gleantap Capture: could not start', error);
}
