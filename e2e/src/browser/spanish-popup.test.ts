import { en, es } from '@gleantap-capture/shared';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { hostPage } from '../support/host-site.ts';
import { type Stack, startStack } from '../support/stack.ts';
import { recordRequests, scriptTag, widgetIn } from '../support/widget.ts';

// A Spanish page: every word the visitor meets (labels, help, options, errors, the count, the
// popup's name and its close button) is the proxy's Spanish, asked for with `?locale=es…`;
// the served script itself carries no catalogue in either language.
let browser: Browser;
let stack: Stack;
let context: BrowserContext;

/** English words the studio form could show: the built-in messages and the owner's texts. */
const ENGLISH = [...Object.values(en), 'Which studio?', 'Book a free class', 'Your first class is on us.', 'We never share it.', 'Getting stronger', 'First name', 'Book my class'].filter(
  (text) => !Object.values(es).includes(text),
);

beforeAll(async () => {
  [browser, stack] = await Promise.all([launchChromium(), startStack()]);
  stack.site.set('/es-popup', {
    body: hostPage({ lang: 'es', title: 'Estudio Riverside', head: scriptTag(stack.proxyUrl, ''), body: '<button id="book">Reservar</button><script src="/es-popup.js"></script>' }),
  });
  stack.site.set('/es-popup.js', {
    type: 'text/javascript',
    body: `document.getElementById('book').addEventListener('click', () => GleantapCapture.open({ form: 'studio' }));`,
  });
});
afterEach(async () => context?.close());
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** Every text and accessible name inside the popup's shadow root. */
function wordsIn(page: Page): Promise<string> {
  return page.evaluate(() => {
    const root = document.querySelector('[data-gleantap-dialog]')?.shadowRoot;
    if (!root) return '';
    const labels = [...root.querySelectorAll('[aria-label],[placeholder]')].map((element) => `${element.getAttribute('aria-label') ?? ''} ${element.getAttribute('placeholder') ?? ''}`);
    return [(root.querySelector('dialog') as HTMLElement).innerText, ...labels].join('\n');
  });
}

describe('a lang="es" page', () => {
  it('shows the popup entirely in Spanish: its name, close button, labels, options, help and errors', async () => {
    // The browser itself prefers English: only the page's lang asks for Spanish.
    context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const requests = recordRequests(page);
    await page.goto(stack.site.url('/es-popup'));
    await page.waitForFunction(() => typeof (window as { GleantapCapture?: { open?: unknown } }).GleantapCapture?.open === 'function');
    await page.locator('#book').click();

    const dialog = page.getByRole('dialog', { name: 'Reserva una clase gratis' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    const definition = requests.map((request) => new URL(request.url())).find((url) => url.pathname === '/v1/forms/studio');
    // The page's lang first, then the browser's own languages.
    expect(definition?.searchParams.get('locale')).toMatch(/^es,en-US(,|$)/);

    expect(await dialog.getByRole('button', { name: es.close }).isVisible()).toBe(true);
    const form = widgetIn(dialog);
    expect(await dialog.locator('label[for=gc-location]').textContent()).toBe(`¿Qué estudio? ${es.required_marker}`);
    expect(await form.input('location').locator('option').allTextContents()).toEqual(['—', 'Centro — 120 River St', 'Este — 48 Mill Rd']);
    expect(await dialog.getByRole('radio', { name: 'Ganar fuerza' }).count()).toBe(1);
    expect(await dialog.getByText('Nunca lo compartimos.').isVisible()).toBe(true);
    expect(await form.submit().textContent()).toBe('Reservar mi clase');

    await form.submit().click();
    await expect.poll(async () => (await form.live().textContent())?.trim()).toBe(es.error_summary_other.replace('{count}', '6'));
    expect(await form.error('first_name').textContent()).toBe(es.required);
    expect(await form.error('goal').textContent()).toBe(es.required);

    const words = await wordsIn(page);
    expect(words).toContain('Reserva una clase gratis');
    expect(ENGLISH.filter((text) => words.includes(text))).toEqual([]);
  });

  it('gets every word from the definition: the served script holds no message catalogue in any language', async () => {
    const script = await (await fetch(`${stack.proxyUrl}/widget.js`)).text();
    const catalogue = [...Object.values(en), ...Object.values(es)].map((text) => text.split('{')[0] ?? '').filter((text) => text.length >= 8);
    expect(catalogue.length).toBeGreaterThan(30);
    expect(catalogue.filter((text) => script.includes(text))).toEqual([]);
  });
});
