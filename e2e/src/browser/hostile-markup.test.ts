import type { Browser, BrowserContext } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { hostPage } from '../support/host-site.ts';
import { type HostileServer, startHostileServer } from '../support/hostile-server.ts';
import { type Stack, startStack } from '../support/stack.ts';
import { recordWidgetEvents, scriptTag, widgetEvents } from '../support/widget.ts';

// Issue found in review: user content a sanitizer let through (it keeps data-* attributes and
// unknown elements) pointed the widget at another server, which served password and card
// inputs, CSS beacons and a redirect. Markup can no longer choose the server, and whatever
// server an explicit JS call names, the widget renders only what the owner's proxy could serve.
let browser: Browser;
let stack: Stack;
let hostile: HostileServer;
let context: BrowserContext;

beforeAll(async () => {
  [browser, stack, hostile] = await Promise.all([launchChromium(), startStack(), startHostileServer()]);
  // The real form, as the proxy serves it, then one hostile change at a time.
  const real = (await (await fetch(`${stack.proxyUrl}/v1/forms/trial`, { headers: { origin: stack.site.origin() } })).json()) as Record<string, unknown>;
  const fields = real['fields'] as Array<Record<string, unknown>>;
  const first = fields[0] as Record<string, unknown>;
  hostile.serve('trial', { ...real, fields: [...fields, { ...first, name: 'password', type: 'password', autocomplete: 'current-password' }] });
  hostile.serve('password', { ...real, fields: [...fields, { ...first, name: 'password', type: 'password', autocomplete: 'current-password' }] });
  hostile.serve('card', { ...real, fields: [...fields, { ...first, name: 'card', autocomplete: 'cc-number', inputmode: 'numeric' }] });
  hostile.serve('beacon', { ...real, css: `${String(real['css'])}:host{background:url(${hostile.url}/beacon)}` });
  hostile.serve('redirect', { ...real, success: { message: { en: 'Thanks' }, redirectUrl: 'javascript:alert(document.domain)' } });

  stack.site.set('/user-content', {
    body: hostPage({
      head: scriptTag(stack.proxyUrl, ''),
      body: `<article>
<div id="ugc" data-gleantap-form="trial" data-endpoint="${hostile.url}/">Call us on 555-0100.</div>
<gleantap-form id="element" form="trial" endpoint="${hostile.url}/"></gleantap-form>
</article>`,
    }),
  });
  stack.site.set('/explicit', {
    body: hostPage({
      head: scriptTag(stack.proxyUrl, ''),
      body: `${['password', 'card', 'beacon', 'redirect'].map((id) => `<div id="${id}">Call us on 555-0100.</div>`).join('\n')}
<script src="/explicit.js"></script>`,
    }),
  });
  stack.site.set('/explicit.js', {
    type: 'text/javascript',
    body: `window.GleantapCapture = window.GleantapCapture || { q: [] };
for (const id of ['password', 'card', 'beacon', 'redirect']) {
  GleantapCapture.q.push(['mount', document.getElementById(id), { form: id, endpoint: ${JSON.stringify(`${hostile.url}/`)} }]);
}`,
  });
});
afterEach(async () => context?.close());
afterAll(async () => {
  await browser?.close();
  await Promise.all([stack?.close(), hostile?.close()]);
});

async function open(path: string) {
  context = await browser.newContext();
  await recordWidgetEvents(context);
  const page = await context.newPage();
  const lines: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Gleantap Capture')) lines.push(message.text());
  });
  await page.goto(stack.site.url(path));
  return { page, lines };
}

describe('markup that names another server', () => {
  it('is ignored: the mount point and the custom element load the owner’s form from the proxy', async () => {
    const before = hostile.seen.length;
    const { page, lines } = await open('/user-content');
    await expect.poll(() => page.locator('#ugc #gc-first_name').count()).toBe(1);
    await expect.poll(() => page.locator('#element #gc-first_name').count()).toBe(1);
    expect(await page.locator('input[type=password], [autocomplete^=cc-]').count()).toBe(0);
    expect(hostile.seen.slice(before)).toEqual([]);
    expect(lines).toEqual([`Gleantap Capture: ignored endpoint "${hostile.url}/": not on ${stack.proxyUrl}`]);
  });
});

describe('a hostile definition named by an explicit JS call', () => {
  it('is refused before rendering: no password or card input, no CSS beacon, no redirect; the page keeps its content', async () => {
    const before = hostile.seen.length;
    const { page, lines } = await open('/explicit');
    await expect.poll(async () => (await widgetEvents(page)).length).toBe(4);
    const events = await widgetEvents(page);
    expect(events.map((event) => [event.detail['form'], event.detail['error_code']]).sort()).toEqual([
      ['beacon', 'invalid_definition'],
      ['card', 'invalid_definition'],
      ['password', 'invalid_definition'],
      ['redirect', 'invalid_definition'],
    ]);
    expect(await page.locator('input, button').count()).toBe(0);
    for (const id of ['password', 'card', 'beacon', 'redirect']) expect(await page.locator(`#${id}`).innerText()).toBe('Call us on 555-0100.');
    expect(lines.sort()).toEqual(
      [
        ['beacon', 'css'],
        ['card', 'fields'],
        ['password', 'fields'],
        ['redirect', 'success.redirectUrl'],
      ].map(([id, problem]) => `Gleantap Capture: refused the definition of form "${id}" from ${hostile.url}/ (${problem})`),
    );
    // Only the four definitions were fetched: no beacon, no submission.
    expect(hostile.seen.slice(before).sort()).toEqual(['GET /v1/forms/beacon', 'GET /v1/forms/card', 'GET /v1/forms/password', 'GET /v1/forms/redirect']);
    expect(page.url()).toBe(stack.site.url('/explicit'));
  });
});
