import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, OTHER_HOST } from '../support/chromium.ts';
import { hostPage } from '../support/host-site.ts';
import { type Stack, startStack } from '../support/stack.ts';
import { sleep } from '../support/wait.ts';
import { scriptTag } from '../support/widget.ts';

// docs/contract.md §2: a page on an origin the form does not allow is refused. The visitor must
// get a calm message (not a broken page), and the owner one console line naming the origin.
let browser: Browser;
let stack: Stack;
let context: BrowserContext;

const CALM = "This form can't be sent from this page right now. Please contact us another way.";

beforeAll(async () => {
  [browser, stack] = await Promise.all([launchChromium(), startStack()]);
  stack.site.set('/script-tag', { body: hostPage({ body: `<p>Join us.</p>\n${scriptTag(stack.proxyUrl)}` }) });
  stack.site.set('/mount-point', {
    body: hostPage({ head: scriptTag(stack.proxyUrl, ''), body: '<div id="signup" data-gleantap-form="trial">Call us on 555-0100.</div>' }),
  });
});
afterEach(async () => context?.close());
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

interface Visit {
  readonly page: Page;
  /** Console lines the widget wrote (prefixed "Gleantap Capture"), as opposed to the browser's own. */
  readonly widgetLines: string[];
  readonly pageErrors: string[];
}

async function visitFromOtherOrigin(path: string): Promise<Visit> {
  context = await browser.newContext();
  const page = await context.newPage();
  const widgetLines: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Gleantap Capture')) widgetLines.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  const before = stack.logs.length;
  await page.goto(stack.site.url(path, OTHER_HOST));
  // Wait until the proxy has refused the definition (its access log says so), then give the
  // widget time to react.
  await expect.poll(() => stack.logs.slice(before).some((line) => line.includes('"errorCode":"origin_not_allowed"'))).toBe(true);
  await sleep(300);
  return { page, widgetLines, pageErrors };
}

describe('a page on an origin the form does not allow', () => {
  it('is refused by the proxy; nothing reaches Gleantap, the page is unharmed and keeps its own content', async () => {
    const calls = (await stack.calls()).length;
    const { page, pageErrors } = await visitFromOtherOrigin('/mount-point');
    expect(stack.logs.some((line) => line.includes('"url":"/v1/forms/trial"') && line.includes('"status":403'))).toBe(true);
    expect(await page.locator('#signup').innerText()).toContain('Call us on 555-0100.');
    expect(await page.locator('#gc-first_name').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    expect((await stack.calls()).length).toBe(calls);
  });

  // The proxy lets the refused page read the 403 itself, so the widget can tell the two apart
  // from a network failure. Without a definition the widget has no text in the visitor's
  // language: the page keeps its own content and the owner gets the console line.
  it('the owner gets one console line naming the origin, and the widget adds no text of its own', async () => {
    const { page, widgetLines } = await visitFromOtherOrigin('/script-tag');
    await expect.poll(() => widgetLines.length, { timeout: 2000 }).toBe(1);
    expect(widgetLines[0]).toContain(stack.site.origin(OTHER_HOST));
    expect(await page.getByText(CALM).count()).toBe(0);
  });
});
