import type { Browser, BrowserContext } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, OTHER_HOST } from '../support/chromium.ts';
import { hostPage } from '../support/host-site.ts';
import { type Stack, startStack } from '../support/stack.ts';
import { recordWidgetEvents, scriptTag, widgetEvents } from '../support/widget.ts';

// A typo in data-form: the owner must learn which id is unknown from one console line, the
// visitor keeps the page's own content, and the proxy lists no other form.
let browser: Browser;
let stack: Stack;
let context: BrowserContext;

beforeAll(async () => {
  [browser, stack] = await Promise.all([launchChromium(), startStack()]);
  stack.site.set('/typo', {
    body: hostPage({ body: `<div id="signup"><p>Call us on 555-0100.</p>\n${scriptTag(stack.proxyUrl, 'data-form="typo"')}</div>` }),
  });
});
afterEach(async () => context?.close());
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function visit(host?: string) {
  context = await browser.newContext();
  await recordWidgetEvents(context);
  const page = await context.newPage();
  const console: string[] = [];
  page.on('console', (message) => console.push(message.text()));
  await page.goto(stack.site.url('/typo', host));
  return { page, console };
}

describe('a page whose data-form names no form', () => {
  it('gets a 404 it can read; the owner gets one console line naming the id; the page keeps its content', async () => {
    context = await browser.newContext();
    await recordWidgetEvents(context);
    const page = await context.newPage();
    const console: string[] = [];
    page.on('console', (message) => console.push(message.text()));
    const definition = page.waitForResponse((response) => new URL(response.url()).pathname === '/v1/forms/typo');
    await page.goto(stack.site.url('/typo'));
    const answer = await definition;
    expect(answer.status()).toBe(404);
    expect(await answer.headerValue('access-control-allow-origin')).toBe(stack.site.origin());
    expect(await answer.headerValue('vary')).toMatch(/Origin/);
    await expect.poll(() => console.filter((line) => line.includes('Gleantap Capture')), { timeout: 5000 }).toHaveLength(1);
    const [line] = console.filter((line) => line.includes('Gleantap Capture'));
    expect(line).toBe(`Gleantap Capture: no form "typo" at ${stack.proxyUrl}/: check data-form`);
    expect(line).not.toContain('trial');
    // No CORS error: the browser let the page read the answer.
    expect(console.filter((text) => /CORS|Access-Control-Allow-Origin/.test(text))).toEqual([]);
    expect(await page.locator('#signup').innerText()).toContain('Call us on 555-0100.');
    expect(await page.locator('input').count()).toBe(0);
    await expect.poll(() => widgetEvents(page)).toEqual([{ type: 'error', detail: { form: 'typo', error_code: 'form_not_found' } }]);
  });

  it('an origin no form allows still cannot read the answer, so the widget learns nothing about the proxy’s forms', async () => {
    const before = stack.logs.length;
    const { page, console } = await visit(OTHER_HOST);
    await expect.poll(() => stack.logs.slice(before).some((line) => line.includes('"url":"/v1/forms/typo"') && line.includes('"status":404'))).toBe(true);
    // The browser blocks the answer (no Access-Control-Allow-Origin): the widget sees only a
    // failed request, prints no line of its own, and the page keeps its content.
    await expect.poll(() => console.some((line) => line.includes('Access-Control-Allow-Origin'))).toBe(true);
    await expect.poll(() => widgetEvents(page)).toEqual([{ type: 'error', detail: { form: 'typo', error_code: 'network_error' } }]);
    expect(console.filter((line) => line.includes('Gleantap Capture'))).toEqual([]);
    expect(await page.locator('#signup').innerText()).toContain('Call us on 555-0100.');
  });
});
