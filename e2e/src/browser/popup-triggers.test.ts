import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { hostPage } from '../support/host-site.ts';
import { type Stack, startStack } from '../support/stack.ts';
import { scriptTag } from '../support/widget.ts';

// Widget: a popup that opens by itself. `data-open-on` on the script tag (with data-form) and
// `open({form, trigger})`; the automatic triggers open at most once per page view, a click
// opens on every click but never two popups at once, and nothing is stored between views.
let browser: Browser;
let stack: Stack;
let context: BrowserContext;

const TALL = '<p>Our classes</p><div style="height:4000px"></div><p>Footer</p>';

beforeAll(async () => {
  [browser, stack] = await Promise.all([launchChromium(), startStack()]);
  const page = (path: string, trigger: string, body = TALL) => stack.site.set(path, { body: hostPage({ head: scriptTag(stack.proxyUrl, `data-form="trial" data-open-on="${trigger}"`), body }) });
  page('/click', 'click:.book', '<a class="book" href="#trial"><span>Book a free class</span></a><p id="trial">Call us</p>');
  page('/delay', 'delay:5');
  page('/scroll', 'scroll:50');
  page('/exit', 'exit-intent');
  stack.site.set('/js-trigger', {
    body: hostPage({ head: scriptTag(stack.proxyUrl, ''), body: `${TALL}<script src="/js-trigger.js"></script>` }),
  });
  stack.site.set('/js-trigger.js', {
    type: 'text/javascript',
    body: `window.addEventListener('load', () => { window.stopTrigger = GleantapCapture.open({ form: 'trial', trigger: 'scroll:90' }); });`,
  });
});
afterEach(async () => context?.close());
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function visit(path: string, options: Parameters<Browser['newContext']>[0] = {}, beforeLoad?: (page: Page) => Promise<void>): Promise<Page> {
  context = await browser.newContext(options);
  const page = await context.newPage();
  await beforeLoad?.(page);
  await page.goto(stack.site.url(path));
  // The script has run once the API exists; only then can a trigger be watched.
  await page.waitForFunction(() => typeof (window as { GleantapCapture?: { open?: unknown } }).GleantapCapture?.open === 'function');
  return page;
}

const popups = (page: Page) => page.locator('[data-gleantap-dialog]');

/** The popup is on screen: a modal dialog named by its title, with the form's first input focused. */
async function expectOpenPopup(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Sign up' });
  await expect.poll(() => dialog.isVisible()).toBe(true);
  await expect.poll(() => page.locator('#gc-first_name').evaluate((input) => input === (input.getRootNode() as ShadowRoot).activeElement)).toBe(true);
  expect(await popups(page).count()).toBe(1);
}

async function closePopup(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await expect.poll(() => popups(page).count()).toBe(0);
}

async function scrollTo(page: Page, share: number): Promise<void> {
  await page.evaluate((to) => window.scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * to), share);
  // A frame later, scroll listeners have run.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

describe('popup triggers in Chromium', () => {
  it('click: each click on the button opens the popup instead of following the link, one popup at a time', async () => {
    const page = await visit('/click');
    expect(await popups(page).count()).toBe(0);
    await page.getByText('Book a free class').click();
    await expectOpenPopup(page);
    expect(new URL(page.url()).hash).toBe('');
    await closePopup(page);
    // Closed by the visitor, asked for again: the button must still work.
    await page.getByText('Book a free class').click();
    await expectOpenPopup(page);
    await page.locator('.book').evaluate((link: HTMLElement) => link.click());
    expect(await popups(page).count()).toBe(1);
  });

  it('delay: opens once after the given seconds, and not again in this page view', async () => {
    const page = await visit('/delay', {}, (tab) => tab.clock.install());
    await page.clock.runFor(4_000);
    expect(await popups(page).count()).toBe(0);
    await page.clock.runFor(1_500);
    await expectOpenPopup(page);
    await closePopup(page);
    await page.clock.runFor(60_000);
    expect(await popups(page).count()).toBe(0);
    // A new page view starts afresh: nothing was stored.
    await page.reload();
    await page.clock.runFor(5_500);
    await expectOpenPopup(page);
    expect(await page.evaluate(() => [document.cookie, localStorage.length, sessionStorage.length])).toEqual(['', 0, 0]);
  });

  it('scroll: opens once half the page has been seen, and not again on the way back down', async () => {
    const page = await visit('/scroll');
    await scrollTo(page, 0.3);
    expect(await popups(page).count()).toBe(0);
    await scrollTo(page, 0.7);
    await expectOpenPopup(page);
    await closePopup(page);
    await scrollTo(page, 0);
    await scrollTo(page, 1);
    expect(await popups(page).count()).toBe(0);
  });

  it('exit-intent: opens once when the mouse leaves through the top edge', async () => {
    const page = await visit('/exit');
    await page.mouse.move(400, 300);
    await page.mouse.move(400, 200);
    expect(await popups(page).count()).toBe(0);
    await page.mouse.move(400, -5);
    await expectOpenPopup(page);
    await closePopup(page);
    await page.mouse.move(400, 300);
    await page.mouse.move(400, -5);
    expect(await popups(page).count()).toBe(0);
  });

  it('exit-intent: never opens on a touch screen', async () => {
    const page = await visit('/exit', { hasTouch: true, isMobile: true, viewport: { width: 390, height: 800 } });
    expect(await page.evaluate(() => matchMedia('(pointer: fine)').matches)).toBe(false);
    await page.mouse.move(200, 300);
    await page.mouse.move(200, -5);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(await popups(page).count()).toBe(0);
  });

  it('open({form, trigger}) from the page’s code opens once, and its returned function stops it', async () => {
    const page = await visit('/js-trigger');
    await page.waitForFunction(() => typeof (window as { stopTrigger?: unknown }).stopTrigger === 'function');
    await scrollTo(page, 1);
    await expectOpenPopup(page);
    await page.evaluate(() => (window as unknown as { stopTrigger: () => void }).stopTrigger());
    expect(await popups(page).count()).toBe(0);
    await scrollTo(page, 0);
    await scrollTo(page, 1);
    expect(await popups(page).count()).toBe(0);
  });
});
