import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { hostPage } from '../support/host-site.ts';
import { type Stack, startStack } from '../support/stack.ts';
import { submitTrial } from '../support/submit.ts';
import { scriptTag, widgetIn } from '../support/widget.ts';

// Goal 1 of the widget: the host page cannot break the form, and the form leaves the page
// as it found it (no globals but GleantapCapture, no cookies, no storage, no styles).
let browser: Browser;
let stack: Stack;
let context: BrowserContext;

const HOSTILE_CSS = `
* { all: unset; }
select, textarea, button, label, form, p { display: none !important; }
input { display: none !important; visibility: hidden !important; }
html { font-size: 40px !important; }
body { font-size: 3rem !important; line-height: 3 !important; font-family: "Comic Sans MS", cursive !important; }
`;

const BASELINE_KEY = 'gleantap-e2e-baseline';

beforeAll(async () => {
  [browser, stack] = await Promise.all([launchChromium(), startStack()]);
  stack.site.set('/hostile.css', { type: 'text/css', body: HOSTILE_CSS });
  stack.site.set('/hostile', { body: hostPage({ head: '<link rel="stylesheet" href="/hostile.css">', body: `<label>Search <input id="site-search"></label>\n${scriptTag(stack.proxyUrl)}` }) });
});
afterEach(async () => context?.close());
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** The page's state before any script ran, kept under a Symbol (not a named global). */
async function openWithBaseline(path: string): Promise<{ page: Page; origins: Set<string> }> {
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript((key: string) => {
    Object.defineProperty(window, Symbol.for(key), { value: { globals: Object.getOwnPropertyNames(window) } });
  }, BASELINE_KEY);
  const page = await context.newPage();
  const origins = new Set<string>();
  page.on('request', (request) => origins.add(new URL(request.url()).origin));
  await page.goto(stack.site.url(path));
  return { page, origins };
}

const CONTROLS = ['gc-first_name', 'gc-last_name', 'gc-email', 'gc-phone', 'gc-goal', 'gc-consent-sms'];

describe('a hostile host stylesheet', () => {
  it('leaves every input visible and focusable, and a full submission works', async () => {
    const { page } = await openWithBaseline('/hostile');
    const form = widgetIn(page);
    await form.input('first_name').waitFor();
    // The hostile sheet really applies to the page's own elements.
    expect(await page.locator('#site-search').evaluate((element) => getComputedStyle(element).display)).toBe('none');
    expect(await page.locator('main').evaluate((element) => getComputedStyle(element).display)).toBe('inline');

    // The host's (huge) font is inherited, as documented, and the form still lays out.
    expect(await form.input('first_name').evaluate((element) => parseFloat(getComputedStyle(element).fontSize))).toBeGreaterThanOrEqual(100);
    for (const id of CONTROLS) {
      const box = await page.locator(`#${id}`).boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.width, id).toBeGreaterThan(0);
      expect(box!.height, id).toBeGreaterThan(0);
    }
    expect((await form.submit().boundingBox())?.height).toBeGreaterThan(0);

    // Keyboard focus reaches each control in order.
    await form.input('first_name').focus();
    const order: string[] = [];
    for (let step = 0; step < 12 && order.at(-1) !== 'button'; step += 1) {
      if (step > 0) await page.keyboard.press('Tab');
      order.push((await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.id || document.activeElement?.shadowRoot?.activeElement?.getAttribute('part'))) ?? '');
    }
    expect(order.filter((id) => CONTROLS.includes(id) || id === 'button')).toEqual([...CONTROLS, 'button']);

    await submitTrial(page, page, stack, 'hostile-css', { phone: '415-555-2671', goal: 'weight loss', sms: true });
  });

  it('the widget adds no global but GleantapCapture, no cookie, no storage, no style to the page, and calls no third party', async () => {
    const { page, origins } = await openWithBaseline('/hostile');
    await widgetIn(page).input('first_name').waitFor();
    await submitTrial(page, page, stack, 'no-traces');

    const added = await page.evaluate((key) => {
      const baseline = (window as unknown as Record<symbol, { globals: string[] }>)[Symbol.for(key)]!;
      const before = new Set(baseline.globals);
      return Object.getOwnPropertyNames(window).filter((name) => !before.has(name));
    }, BASELINE_KEY);
    expect(added).toEqual(['GleantapCapture']);

    expect(await context.cookies()).toEqual([]);
    const traces = await page.evaluate(async () => ({
      cookie: document.cookie,
      local: localStorage.length,
      session: sessionStorage.length,
      databases: (await indexedDB.databases()).length,
      caches: (await caches.keys()).length,
      sheets: [...document.styleSheets].map((sheet) => sheet.href),
      adopted: document.adoptedStyleSheets.length,
      styleElements: document.querySelectorAll('style').length,
      styleAttributes: document.querySelectorAll('[style]').length,
    }));
    expect(traces).toEqual({
      cookie: '',
      local: 0,
      session: 0,
      databases: 0,
      caches: 0,
      sheets: [stack.site.url('/hostile.css')],
      adopted: 0,
      styleElements: 0,
      styleAttributes: 0,
    });
    expect(origins).toEqual(new Set([stack.site.origin(), new URL(stack.proxyUrl).origin]));
  });
});
