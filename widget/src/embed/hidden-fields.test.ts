import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Definition } from '../core/definition.ts';
import { type, waitFor } from '../testing/drive.ts';
import { DEFINITION, fakeNetwork } from '../testing/fake-network.ts';

afterAll(() => vi.unstubAllGlobals());

const hidden = { type: 'text', label: 'Campaign', required: false, autocomplete: 'off', inputmode: 'text', maxLength: 64, hidden: true } as const;
const FORM: Definition = {
  ...DEFINITION,
  consent: [],
  fields: [...DEFINITION.fields.slice(0, 3), { ...hidden, name: 'campaign' }, { ...hidden, name: 'coupon', prefill: 'url' }],
};

type Api = { mount(element: Element, options: object): unknown; open(options: object): unknown };

/** Fills the visible required fields of the form in `host` and sends it; resolves with the sent `fields`. */
async function send(root: ShadowRoot, network: ReturnType<typeof fakeNetwork>): Promise<unknown> {
  await waitFor(() => root.querySelector('form'));
  const before = network.submissions().length;
  type(root.querySelector('#gc-first_name'), 'Ada');
  type(root.querySelector('#gc-last_name'), 'Lovelace');
  type(root.querySelector('#gc-email'), 'ada@example.com');
  root.querySelector<HTMLButtonElement>('button[type=submit]')?.click();
  await waitFor(() => network.submissions().length > before);
  return network.submissions()[before]?.['fields'];
}

// The module starts when imported, as the script tag does when it loads: one page per file.
describe('hidden fields take their values from the embed', () => {
  it('from data-field-<name> on the script tag, a mount point and <gleantap-form>, and from fields in mount() and open(); only for declared hidden fields', async () => {
    history.replaceState(null, '', '/landing?coupon=SPRING&first_name=Mallory');
    const network = fakeNetwork(FORM);
    vi.stubGlobal('fetch', network.fetch);
    document.body.innerHTML = `
      <div id="point" data-gleantap-form="trial" data-field-campaign="mount-point"></div>
      <gleantap-form id="element" form="trial" data-field-campaign="element"></gleantap-form>
      <script id="tag" data-form="trial" data-field-campaign="spring-tag" data-field-first_name="Mallory" data-field-unknown="x" src="https://forms.gym.example/widget.js"></script>`;
    Object.defineProperty(document, 'currentScript', { value: document.getElementById('tag'), configurable: true });
    await import('./script-tag.ts');
    Object.defineProperty(document, 'currentScript', { value: null, configurable: true });
    const api = (window as unknown as { GleantapCapture: Api }).GleantapCapture;

    const rootOf = (selector: string) => (document.querySelector(selector) as Element).shadowRoot as ShadowRoot;
    // Nothing of a hidden field is on screen.
    await waitFor(() => rootOf('[data-gleantap-host]').querySelector('form'));
    expect(rootOf('[data-gleantap-host]').querySelector('[name=campaign], [name=coupon]')).toBeNull();

    // The script tag's own form: its values, plus the URL's for a prefill field; a visible
    // field keeps what the visitor typed, and an undeclared name is ignored.
    expect(await send(rootOf('[data-gleantap-host]'), network)).toEqual({ first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', campaign: 'spring-tag', coupon: 'SPRING' });
    expect(await send(rootOf('#point'), network)).toMatchObject({ campaign: 'mount-point' });
    expect(await send(rootOf('#element'), network)).toMatchObject({ campaign: 'element' });

    const explicit = document.createElement('div');
    document.body.append(explicit);
    api.mount(explicit, { form: 'trial', fields: { campaign: 'from-js', coupon: 'JS10', email: 'x@example.com' } });
    expect(await send(explicit.shadowRoot as ShadowRoot, network)).toEqual({ first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', campaign: 'from-js', coupon: 'JS10' });

    api.open({ form: 'trial', fields: { campaign: 'popup' } });
    const popup = rootOf('[data-gleantap-dialog]');
    expect(await send(popup, network)).toMatchObject({ campaign: 'popup', coupon: 'SPRING' });
  });
});
