import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Definition as PublicFormDefinition } from '../core/definition.ts';
import { createEventHub, type WidgetEventDetail } from '../core/events.ts';
import { mountInto } from '../core/mount.tsx';
import { waitFor } from '../testing/drive.ts';
import { DEFINITION, fakeNetwork, json } from '../testing/fake-network.ts';

const ENDPOINT = 'https://forms.example.com/';
let warn: { mock: { calls: unknown[][] }; mockRestore(): void };

beforeEach(() => {
  document.body.innerHTML = '';
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  warn.mockRestore();
  vi.unstubAllGlobals();
});

/** Mounts form `formId` into a host holding the page's own content; collects its error events. */
function mount(formId: string) {
  const host = document.createElement('div');
  host.innerHTML = '<a href="tel:555">Call us on 555-0100</a>';
  document.body.append(host);
  const errors: WidgetEventDetail[] = [];
  host.addEventListener('gleantap:error', (event) => errors.push((event as CustomEvent<WidgetEventDetail>).detail));
  mountInto(host, { form: formId, endpoint: ENDPOINT }, createEventHub());
  return { host, root: host.shadowRoot as ShadowRoot, errors };
}

const lines = () => warn.mock.calls.map((call) => String(call[0]));

describe('an unknown form id (a typo in data-form)', () => {
  it('keeps the host’s own content, names the id in one console line and fires error form_not_found', async () => {
    vi.stubGlobal('fetch', async () => json(404, { error: { code: 'form_not_found', message: 'Unknown form.' } }));
    const view = mount('typo');
    await waitFor(() => view.errors.length > 0);
    expect(view.errors).toEqual([{ form: 'typo', error_code: 'form_not_found' }]);
    expect(lines()).toEqual(['Gleantap Capture: no form "typo" at https://forms.example.com/: check data-form']);
    expect(view.root.querySelector('slot')).not.toBeNull();
    expect(view.root.querySelector('form,input,.notice')).toBeNull();
    expect(view.host.textContent).toBe('Call us on 555-0100');
  });
});

// A definition from a server that is not the owner's proxy (or a proxy gone wrong): what the
// proxy could never serve is never rendered, so no phishing inputs, CSS beacons or redirects.
const field = (patch: Record<string, unknown>) => ({ ...DEFINITION, fields: [...DEFINITION.fields, { ...DEFINITION.fields[0], name: 'secret', ...patch }] }) as PublicFormDefinition;
const HOSTILE: ReadonlyArray<[string, PublicFormDefinition, string]> = [
  ['a password input', field({ type: 'password', autocomplete: 'current-password' }), 'fields'],
  ['a card number input', field({ type: 'text', autocomplete: 'cc-number', inputmode: 'numeric' }), 'fields'],
  ['a one-time-code input', field({ autocomplete: 'one-time-code' }), 'fields'],
  ['a CSS beacon in the stylesheet', { ...DEFINITION, css: `${DEFINITION.css}:host{background:url(https://evil.example/beacon)}` }, 'css'],
  ['an imported stylesheet', { ...DEFINITION, css: `@import "https://evil.example/x.css";${DEFINITION.css}` }, 'css'],
  ['a javascript: redirect after success', { ...DEFINITION, success: { message: 'Thanks', redirectUrl: 'javascript:alert(document.cookie)' } }, 'success.redirectUrl'],
];

describe('a hostile definition server', () => {
  it.each(HOSTILE)('%s: renders nothing, keeps the host’s content, tells the owner once and fires error invalid_definition', async (_name, definition, problem) => {
    const network = fakeNetwork(definition);
    vi.stubGlobal('fetch', network.fetch);
    const view = mount('trial');
    await waitFor(() => view.errors.length > 0);
    expect(view.errors).toEqual([{ form: 'trial', error_code: 'invalid_definition' }]);
    expect(lines()).toEqual([`Gleantap Capture: refused the definition of form "trial" from https://forms.example.com/ (${problem})`]);
    expect(view.root.querySelector('form,input,select,textarea,button')).toBeNull();
    expect(view.root.querySelector('slot')).not.toBeNull();
    expect(view.host.textContent).toBe('Call us on 555-0100');
    // No stylesheet was adopted, so nothing can load.
    expect(view.root.adoptedStyleSheets).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(network.seen.map((request) => request.method)).toEqual(['GET']);
  });

  it('a definition of a shape no proxy serves falls back to the host’s own content instead of throwing', async () => {
    vi.stubGlobal('fetch', fakeNetwork(field({ type: 'select', autocomplete: 'off', inputmode: 'none', options: 'not a list' })).fetch);
    const view = mount('trial');
    await waitFor(() => view.root.querySelector('slot') && !view.root.querySelector('form') && view.errors.length === 0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(view.root.querySelector('form,input,select')).toBeNull();
    expect(view.root.querySelector('slot')).not.toBeNull();
    expect(view.host.textContent).toBe('Call us on 555-0100');
  });

  it('the same definition without its hostile part renders (the check is not what hides the form)', async () => {
    vi.stubGlobal('fetch', fakeNetwork(DEFINITION).fetch);
    const view = mount('trial');
    await waitFor(() => view.root.querySelector('form'));
    expect(view.errors).toEqual([]);
    expect(lines()).toEqual([]);
  });
});
