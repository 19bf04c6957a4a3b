import { loadWidgetBundle, pinnedSnippet, type WidgetBundle } from '@gleantap-capture/proxy';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { hostPage } from '../support/host-site.ts';
import { type Stack, startStack } from '../support/stack.ts';
import { submitTrial } from '../support/submit.ts';
import { widgetIn } from '../support/widget.ts';

// docs/contract.md §1: the form works under
// `default-src 'self'; script-src <proxy>; style-src 'self'; connect-src <proxy>`,
// pinned by Subresource Integrity, and the browser reports no policy violation at all.
let browser: Browser;
let stack: Stack;
let bundle: WidgetBundle;
let context: BrowserContext;

const VIOLATIONS_KEY = 'gleantap-e2e-csp-violations';

beforeAll(async () => {
  [browser, stack] = await Promise.all([launchChromium(), startStack()]);
  const built = loadWidgetBundle();
  if (!built) throw new Error('widget not built: run `npx -y pnpm@10 build` first');
  bundle = built;
  const proxyOrigin = new URL(stack.proxyUrl).origin;
  const headers = { 'content-security-policy': `default-src 'self'; script-src ${proxyOrigin}; style-src 'self'; connect-src ${proxyOrigin}` };
  const snippet = pinnedSnippet(bundle, stack.proxyUrl, 'trial');
  stack.site.set('/strict', { headers, body: hostPage({ head: '<link rel="stylesheet" href="/site.css">', body: snippet }) });
  stack.site.set('/site.css', { type: 'text/css', body: 'body { font-family: Georgia, serif; margin: 2rem; }' });
  // Controls, so that a silent page proves something: a tampered hash must stop the script,
  // and an inline script must be reported by the same listener the real test relies on.
  const wrongIntegrity = `sha384-${Buffer.alloc(48, 7).toString('base64')}`;
  stack.site.set('/strict-tampered', { headers, body: hostPage({ body: snippet.replace(bundle.integrity, wrongIntegrity) }) });
  stack.site.set('/strict-inline', { headers, body: hostPage({ body: `${snippet}\n<script>document.title = 'inline ran';</script>` }) });
});
afterEach(async () => context?.close());
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

interface Violation {
  readonly directive: string;
  readonly blocked: string;
}

async function openStrict(path: string): Promise<{ page: Page; consoleErrors: string[] }> {
  context = await browser.newContext();
  await context.addInitScript((key: string) => {
    const seen: Array<{ directive: string; blocked: string }> = [];
    Object.defineProperty(window, Symbol.for(key), { value: seen });
    document.addEventListener('securitypolicyviolation', (event) => seen.push({ directive: event.effectiveDirective, blocked: event.blockedURI }), true);
  }, VIOLATIONS_KEY);
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().includes('favicon')) consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  await page.goto(stack.site.url(path));
  return { page, consoleErrors };
}

function violations(page: Page): Promise<Violation[]> {
  return page.evaluate((key) => (window as unknown as Record<symbol, Violation[]>)[Symbol.for(key)] ?? [], VIOLATIONS_KEY);
}

describe('strict Content-Security-Policy with a pinned, SRI-checked script', () => {
  it('renders, submits and delivers without a single violation', async () => {
    const { page, consoleErrors } = await openStrict('/strict');
    const script = page.locator('script[integrity]');
    expect(await script.getAttribute('src')).toBe(`${stack.proxyUrl}/widget/widget.${bundle.hash}.js`);
    expect(await script.getAttribute('crossorigin')).toBe('anonymous');
    await widgetIn(page).input('first_name').waitFor();
    // The widget's styles apply even though the page allows no inline styles.
    const button = widgetIn(page).submit();
    expect(await button.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(31, 95, 209)');

    await submitTrial(page, page, stack, 'strict-csp', { sms: true, phone: '415 555 2671' });
    expect(await violations(page)).toEqual([]);
    expect(consoleErrors.filter((text) => /Content.Security.Policy|integrity/i.test(text))).toEqual([]);
  });

  it('control: a tampered integrity hash stops the script, so the pin is really checked', async () => {
    const { page, consoleErrors } = await openStrict('/strict-tampered');
    await expect.poll(() => consoleErrors.some((text) => /integrity/i.test(text))).toBe(true);
    expect(await page.evaluate(() => 'GleantapCapture' in window)).toBe(false);
    expect(await widgetIn(page).input('first_name').count()).toBe(0);
  });

  it('control: the listener does see a violation when there is one (an inline script)', async () => {
    const { page } = await openStrict('/strict-inline');
    await widgetIn(page).input('first_name').waitFor();
    await expect.poll(async () => (await violations(page)).map((violation) => violation.directive)).toEqual(['script-src-elem']);
    expect(await page.title()).not.toBe('inline ran');
  });
});
