import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { en, es, PAGE_TEXTS } from '@gleantap-capture/shared';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { waitFor } from './testing/drive.ts';
import { DEFINITION, fakeNetwork } from './testing/fake-network.ts';

// A path, not a URL: the DOM environment's URL class is not the one node:fs accepts.
const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
let code = '';

beforeAll(() => {
  code = readFileSync(join(DIST, 'widget.js'), 'utf8');
});
afterEach(() => vi.unstubAllGlobals());

describe('the script-tag bundle as built', () => {
  it('is one self-contained file that loads nothing else', () => {
    expect(readdirSync(DIST).filter((name) => name.endsWith('.js'))).toEqual(['widget.js']);
    expect(code).not.toMatch(/\bimport\s*\(/);
    expect(code).not.toMatch(/^\s*import\s/m);
  });

  it('carries no message catalogue: no visitor-facing text of any locale is in the script', () => {
    // Every text comes resolved in the definition for the visitor's locale; a new locale is configuration only.
    const texts = [...Object.values(en), ...Object.values(es), ...Object.values(PAGE_TEXTS.en), ...Object.values(PAGE_TEXTS.es)].filter((text) => text.length > 3);
    expect(texts.length).toBeGreaterThan(40);
    // As a string literal, whatever quote the minifier chose ("Close" is also in `onClose`).
    expect(texts.filter((text) => ['`', '"', "'"].some((quote) => code.includes(`${quote}${text}`)))).toEqual([]);
  });

  it('uses no eval, no new Function, no <style> element and no storage or cookies', () => {
    for (const forbidden of [
      /\beval\s*\(/,
      /new Function\b/,
      /\bFunction\s*\(\s*["'`]/,
      /createElement\(\s*["'`]style/,
      /<style/i,
      /document\.cookie/,
      /localStorage/,
      /sessionStorage/,
      /indexedDB/,
    ]) {
      expect(code, String(forbidden)).not.toMatch(forbidden);
    }
  });

  it('runs every embed mode, adds no global but GleantapCapture, and injects no styles into the page', async () => {
    const network = fakeNetwork(DEFINITION);
    vi.stubGlobal('fetch', network.fetch);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    document.body.innerHTML = `
      <p data-gleantap-form="trial" data-endpoint="https://other.example/prefix/">Call us</p>
      <gleantap-form form="trial" endpoint="https://example.com/other/"></gleantap-form>
      <gleantap-form form="trial" endpoint="https://forms.example.com/"></gleantap-form>
      <script id="tag" data-form="trial" src="https://example.com/capture/widget.js"></script>`;
    const queued = document.createElement('div');
    document.body.append(queued);
    const seenReady: string[] = [];
    const win = window as unknown as Record<string, unknown>;
    // The stub a page pastes before the script: calls made now run once it loads.
    win['GleantapCapture'] = {
      q: [
        ['on', 'ready', () => seenReady.push('ready')],
        ['mount', queued, { form: 'trial' }],
      ],
    };
    const before = new Set(Object.keys(window));
    Object.defineProperty(document, 'currentScript', { value: document.getElementById('tag'), configurable: true });
    // biome-ignore lint/security/noGlobalEval lint/complexity/noCommaOperator: indirect eval runs the bundle in global scope, as a script tag does.
    (0, eval)(code);
    Object.defineProperty(document, 'currentScript', { value: null, configurable: true });

    const api = win['GleantapCapture'] as { mount: unknown; open: unknown; on: unknown };
    expect(typeof api.mount).toBe('function');
    expect(typeof api.open).toBe('function');
    expect([...Object.keys(window)].filter((key) => !before.has(key))).toEqual([]);

    const later = document.createElement('section');
    later.dataset['gleantapForm'] = 'trial';
    document.body.append(later);

    const hosts = () => [...document.querySelectorAll('[data-gleantap-form], gleantap-form, [data-gleantap-host]'), queued];
    await waitFor(() => hosts().every((host) => host.shadowRoot?.querySelector('form')));
    expect(hosts()).toHaveLength(6);
    // The inline host sits right after its script tag.
    expect(document.getElementById('tag')?.nextElementSibling?.hasAttribute('data-gleantap-host')).toBe(true);
    expect(seenReady.length).toBeGreaterThanOrEqual(1);

    const urls = network.seen.map((request) => request.url.split('?')[0]).sort();
    // Markup never re-points the widget: the mount point's data-endpoint and the custom
    // element's endpoint on another origin are ignored; one on the script's origin is kept.
    expect(urls).toEqual([
      'https://example.com/capture/v1/forms/trial',
      'https://example.com/capture/v1/forms/trial',
      'https://example.com/capture/v1/forms/trial',
      'https://example.com/capture/v1/forms/trial',
      'https://example.com/capture/v1/forms/trial',
      'https://example.com/other/v1/forms/trial',
    ]);
    expect(warn.mock.calls.map(([line]) => String(line))).toEqual(['Gleantap Capture: ignored endpoint "https://forms.example.com/": not on https://example.com']);
    warn.mockRestore();
    expect(document.querySelector('style,[style]')).toBeNull();
    for (const host of hosts()) expect(host.shadowRoot?.querySelector('style,[style]')).toBeNull();
    expect(document.cookie).toBe('');
    expect(localStorage.length + sessionStorage.length).toBe(0);

    // Loading the script a second time keeps the same API.
    // biome-ignore lint/security/noGlobalEval lint/complexity/noCommaOperator: indirect eval runs the bundle in global scope, as a script tag does.
    (0, eval)(code);
    expect(win['GleantapCapture']).toBe(api);
  });
});
