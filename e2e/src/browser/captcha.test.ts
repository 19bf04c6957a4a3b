import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { hostPage } from '../support/host-site.ts';
import { CAPTCHA_SECRET, type Stack, startStack } from '../support/stack.ts';
import { fillTrial, recordSubmissionStatuses, scriptTag, visitor, widgetIn } from '../support/widget.ts';

// A form with a Turnstile challenge, in Chromium: the provider's script is answered by a
// stand-in (the page asks challenges.cloudflare.com; the test serves it), and its siteverify by
// a stand-in on loopback that accepts each `good-…` response once, from this site's host.

/** Turnstile's explicit-render API as far as the widget uses it; the first solve is refused. */
const TURNSTILE_STAND_IN = `
window.turnstile = {
  resets: 0,
  render(box, options) {
    this.options = options;
    box.textContent = 'challenge';
    options.callback('refused-response');
    return 'widget-1';
  },
  reset(id) {
    if (id !== 'widget-1') throw new Error('unknown widget ' + id);
    this.resets += 1;
    this.options.callback('good-' + this.resets);
  },
};`;

function startSiteverify(hostname: string): Promise<{ url: string; responses: string[]; server: Server }> {
  const responses: string[] = [];
  const spent = new Set<string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const response = form.get('response') ?? '';
      responses.push(response);
      const good = req.url === '/turnstile/v0/siteverify' && form.get('secret') === CAPTCHA_SECRET && response.startsWith('good-') && !spent.has(response);
      spent.add(response);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(good ? { success: true, hostname, 'error-codes': [] } : { success: false, 'error-codes': ['invalid-input-response'] }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, responses, server })));
}

let browser: Browser;
let stack: Stack;
let siteverify: Awaited<ReturnType<typeof startSiteverify>>;
let context: BrowserContext | undefined;

beforeAll(async () => {
  siteverify = await startSiteverify('127.0.0.1');
  [browser, stack] = await Promise.all([launchChromium(), startStack({ captchaVerifyUrl: siteverify.url })]);
  stack.site.set('/captcha', { body: hostPage({ body: scriptTag(stack.proxyUrl, 'data-form="captcha"') }) });
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.close();
  await new Promise((resolve) => siteverify?.server.close(resolve));
});

describe('a form with a CAPTCHA', () => {
  it('after the provider refuses a response, the widget resets the challenge and the fresh solve gets the visitor through', async () => {
    context = await browser.newContext();
    const page = await context.newPage();
    await page.route('https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit', (route) => route.fulfill({ contentType: 'text/javascript', body: TURNSTILE_STAND_IN }));
    const answers = recordSubmissionStatuses(page, 'captcha');
    await page.goto(stack.site.url('/captcha'));
    const form = widgetIn(page);
    await form.input('first_name').waitFor();
    await page.locator('div[slot=captcha]').filter({ hasText: 'challenge' }).waitFor();
    const person = visitor('captcha');
    await fillTrial(page, person);

    await form.submit().click();
    await form.notice().waitFor();
    // Refused, then refused again with a fresh form token (same response): the challenge is reset once.
    expect(answers).toEqual([403, 403]);
    expect(await page.evaluate(() => (window as unknown as { turnstile: { resets: number } }).turnstile.resets)).toBe(1);

    await form.submit().click();
    await form.success().waitFor();
    expect(answers).toEqual([403, 403, 201]);
    expect(siteverify.responses).toEqual(['refused-response', 'refused-response', 'good-1']);
    expect(await stack.contactFor(person.email)).toMatchObject({ email: person.email });
  });
});
