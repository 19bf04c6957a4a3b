import { afterAll, describe, expect, it, vi } from 'vitest';
import { waitFor } from '../testing/drive.ts';
import { DEFINITION, fakeNetwork } from '../testing/fake-network.ts';

afterAll(() => vi.unstubAllGlobals());

// The module starts when imported, as the script tag does when it loads: one page per file.
describe('where a page’s forms are fetched from', () => {
  it('only the owner’s script tag and explicit JS calls choose the server; markup cannot re-point the widget', async () => {
    const network = fakeNetwork(DEFINITION);
    vi.stubGlobal('fetch', network.fetch);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    // User content that a sanitizer let through keeps data-* attributes and unknown elements.
    document.body.innerHTML = `
      <div id="ugc" data-gleantap-form="trial" data-endpoint="https://elsewhere.example/">Call us</div>
      <gleantap-form id="foreign" form="trial" endpoint="https://elsewhere.example/"></gleantap-form>
      <gleantap-form id="own" form="trial" endpoint="https://forms.gym.example/alt/"></gleantap-form>
      <script id="tag" data-form="trial" data-endpoint="https://forms.gym.example/" src="https://cdn.gym.example/widget.js"></script>`;
    Object.defineProperty(document, 'currentScript', { value: document.getElementById('tag'), configurable: true });
    await import('./script-tag.ts');
    Object.defineProperty(document, 'currentScript', { value: null, configurable: true });
    const api = (window as unknown as { GleantapCapture: { mount(element: Element, options: object): unknown } }).GleantapCapture;
    const explicit = document.createElement('div');
    document.body.append(explicit);
    api.mount(explicit, { form: 'trial', endpoint: 'https://api.partner.example/' });

    const hosts = [...document.querySelectorAll('#ugc, gleantap-form, [data-gleantap-host]'), explicit];
    await waitFor(() => hosts.every((host) => host.shadowRoot?.querySelector('form')));
    expect(hosts).toHaveLength(5);
    expect(network.seen.map((request) => request.url.split('?')[0]).sort()).toEqual([
      'https://api.partner.example/v1/forms/trial',
      'https://forms.gym.example/alt/v1/forms/trial',
      'https://forms.gym.example/v1/forms/trial',
      'https://forms.gym.example/v1/forms/trial',
      'https://forms.gym.example/v1/forms/trial',
    ]);
    expect(warn.mock.calls.map(([line]) => String(line))).toEqual(['Gleantap Capture: ignored endpoint "https://elsewhere.example/": not on https://forms.gym.example']);
    warn.mockRestore();
  });
});
