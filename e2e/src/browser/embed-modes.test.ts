import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { hostPage } from '../support/host-site.ts';
import { type Stack, startStack } from '../support/stack.ts';
import { submitTrial } from '../support/submit.ts';
import { describeRequests, recordRequests, recordWidgetEvents, scriptTag, widgetEvents, widgetIn } from '../support/widget.ts';

// docs/contract.md §1: every embed mode renders, submits, and the contact arrives with what only
// the owner decides; before it is interactive the widget makes exactly two requests.
let browser: Browser;
let stack: Stack;
let context: BrowserContext;

beforeAll(async () => {
  [browser, stack] = await Promise.all([launchChromium(), startStack()]);
  const proxy = stack.proxyUrl;
  const { site } = stack;

  site.set('/script-tag', { body: hostPage({ body: `<p>Start your free week.</p>\n${scriptTag(proxy)}` }) });

  site.set('/mount-points', {
    body: hostPage({
      head: scriptTag(proxy, ''),
      body: `<div id="first" data-gleantap-form="trial">Call us on 555-0100.</div>
<button id="add" type="button">Add another form</button>
<div id="later-slot"></div>
<script src="/add-mount-point.js"></script>`,
    }),
  });
  site.set('/add-mount-point.js', {
    type: 'text/javascript',
    body: `document.getElementById('add').addEventListener('click', () => {
  const element = document.createElement('div');
  element.id = 'later';
  element.dataset.gleantapForm = 'trial';
  element.textContent = 'Loading…';
  document.getElementById('later-slot').append(element);
});`,
  });

  site.set('/custom-element', {
    body: hostPage({ head: scriptTag(proxy, ''), body: `<gleantap-form form="trial" endpoint="${proxy}/"></gleantap-form>` }),
  });

  site.set('/popup', {
    body: hostPage({ body: `<button id="join" type="button">Join now</button>\n<p id="log" role="status"></p>\n<script src="/popup.js"></script>` }),
  });
  site.set('/popup.js', {
    type: 'text/javascript',
    body: `window.GleantapCapture = window.GleantapCapture || { q: [] };
GleantapCapture.q.push(['on', 'success', (detail) => { document.getElementById('log').textContent = 'Signed up: ' + detail.id; }]);
document.getElementById('join').addEventListener('click', () => GleantapCapture.open({ form: 'trial', title: 'Join Riverside Gym' }));
const script = document.createElement('script');
script.src = ${JSON.stringify(`${proxy}/widget.js`)};
script.async = true;
document.head.append(script);`,
  });

  site.set('/queue-stub', {
    body: hostPage({ body: `<div id="signup"></div>\n<p id="log" role="status"></p>\n<script src="/queue-stub.js"></script>` }),
  });
  site.set('/queue-stub.js', {
    type: 'text/javascript',
    // Calls go into the stub's queue while widget.js has not even been requested yet.
    body: `window.GleantapCapture = window.GleantapCapture || { q: [] };
GleantapCapture.q.push(['mount', document.getElementById('signup'), { form: 'trial' }]);
GleantapCapture.q.push(['on', 'success', (detail) => { document.getElementById('log').textContent = 'queued listener saw ' + detail.status; }]);
document.getElementById('log').dataset.queuedBeforeLoad = String(GleantapCapture.q.length);
const script = document.createElement('script');
script.src = ${JSON.stringify(`${proxy}/widget.js`)};
script.async = true;
document.head.append(script);`,
  });

  site.set('/esm', {
    body: hostPage({ body: `<div id="signup"></div>\n<p id="log" role="status"></p>\n<script type="module" src="/esm-page.js"></script>` }),
  });
  site.set('/esm-page.js', {
    type: 'text/javascript',
    body: `import { mount } from '/esm/gleantap-capture.js';
mount(document.getElementById('signup'), {
  form: 'trial',
  endpoint: ${JSON.stringify(`${proxy}/`)},
  on: { success: ({ id }) => { document.getElementById('log').textContent = 'esm saw ' + id; } },
});`,
  });
});

afterEach(async () => context?.close());
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function open(path: string): Promise<{ page: Page; requests: ReturnType<typeof recordRequests> }> {
  context = await browser.newContext();
  await recordWidgetEvents(context);
  const page = await context.newPage();
  const requests = recordRequests(page);
  await page.goto(stack.site.url(path));
  return { page, requests };
}

/** The widget's own requests: everything but the page's document and the page's own scripts. */
function widgetRequests(requests: ReturnType<typeof recordRequests>, pagePath: string, ownScripts: readonly string[] = []): string[] {
  const own = new Set([stack.site.url(pagePath), ...ownScripts.map((path) => stack.site.url(path))]);
  return describeRequests(requests.filter((request) => !own.has(request.url())));
}

/** The on-screen width of the host's own text content (0 when it is not rendered). */
function renderedWidth(page: Page, selector: string): Promise<number> {
  return page.evaluate((css) => {
    const range = document.createRange();
    range.selectNodeContents(document.querySelector(css) as Element);
    return range.getBoundingClientRect().width;
  }, selector);
}

/** The definition, asked for in the visitor's languages, each once: the page's `lang` (en), then the browser's (en-US; its en is already asked for). */
const DEFINITION = (proxy: string) => `GET ${proxy}/v1/forms/trial?locale=en,en-US`;
const TWO_REQUESTS = (proxy: string) => [`GET ${proxy}/widget.js`, DEFINITION(proxy)];

/** Events carry ids and codes, never what the visitor typed. */
async function expectEventsWithoutPersonalData(page: Page, id: string): Promise<void> {
  const events = await widgetEvents(page);
  expect(events.map((event) => event.type)).toEqual(expect.arrayContaining(['ready', 'submit', 'success']));
  expect(events.find((event) => event.type === 'success')?.detail).toMatchObject({ form: 'trial', id });
  for (const { detail } of events) expect(Object.keys(detail).every((key) => ['form', 'id', 'status', 'error_code'].includes(key))).toBe(true);
  expect(JSON.stringify(events)).not.toMatch(/Ada|Lovelace|example\.com/);
}

describe('every embed mode renders, submits and delivers', () => {
  it('script tag in <body>: the form renders right after the tag', async () => {
    const { page, requests } = await open('/script-tag');
    const form = widgetIn(page);
    await form.input('first_name').waitFor();
    expect(widgetRequests(requests, '/script-tag')).toEqual(TWO_REQUESTS(stack.proxyUrl));
    // Rendered in a host element inserted directly after the script.
    expect(await page.evaluate(() => document.querySelector('script[data-form]')?.nextElementSibling?.hasAttribute('data-gleantap-host'))).toBe(true);

    const sent = await submitTrial(page, page, stack, 'script-tag', { phone: '(415) 555-2671', goal: 'strength', sms: true });
    expect(sent.contact).toMatchObject({ phone: '+14155552671', goal: 'strength', optin_sms: true, signup_page: stack.site.url('/script-tag') });
    await expectEventsWithoutPersonalData(page, sent.id);
    // The only request after the form was ready is the submission itself.
    expect(widgetRequests(requests, '/script-tag')).toEqual([...TWO_REQUESTS(stack.proxyUrl), `POST ${stack.proxyUrl}/v1/forms/trial/submissions`]);
  });

  it('mount points: the page content shows until the form is ready, and one added later by script renders too', async () => {
    context = await browser.newContext();
    await recordWidgetEvents(context);
    const page = await context.newPage();
    const requests = recordRequests(page);
    // Hold the definition so the moment before the form is ready can be seen.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(
      (url) => url.origin === stack.proxyUrl && url.pathname === '/v1/forms/trial',
      async (route) => {
        await released;
        await route.continue();
      },
    );
    await page.goto(stack.site.url('/mount-points'));
    const first = page.locator('#first');
    // The host's own text is on screen while the definition is on its way…
    await expect.poll(() => renderedWidth(page, '#first')).toBeGreaterThan(0);
    release();
    await widgetIn(first).input('first_name').waitFor();
    // …and gone once the form is there.
    expect(await renderedWidth(page, '#first')).toBe(0);
    expect(widgetRequests(requests, '/mount-points', ['/add-mount-point.js'])).toEqual(TWO_REQUESTS(stack.proxyUrl));
    // A script tag in <head> only loads the API: no inline form of its own.
    expect(await page.locator('[data-gleantap-host]').count()).toBe(0);
    await page.unrouteAll();

    await page.locator('#add').click();
    const later = page.locator('#later');
    await widgetIn(later).input('first_name').waitFor();
    const sent = await submitTrial(page, later, stack, 'mount-later');
    expect(await widgetIn(first).success().count()).toBe(0);
    await expectEventsWithoutPersonalData(page, sent.id);
  });

  it('custom element <gleantap-form>', async () => {
    const { page, requests } = await open('/custom-element');
    const element = page.locator('gleantap-form');
    await widgetIn(element).input('first_name').waitFor();
    expect(widgetRequests(requests, '/custom-element')).toEqual(TWO_REQUESTS(stack.proxyUrl));
    const sent = await submitTrial(page, element, stack, 'custom-element');
    await expectEventsWithoutPersonalData(page, sent.id);
  });

  it('JS API popup: GleantapCapture.open() shows a modal form; Escape closes it and focus returns', async () => {
    const { page, requests } = await open('/popup');
    // The loaded script replaces the page's stub `{q: []}` with the API.
    await page.waitForFunction(() => typeof (window as unknown as { GleantapCapture?: { mount?: unknown } }).GleantapCapture?.mount === 'function');
    const join = page.locator('#join');
    await join.click();
    const dialog = page.locator('dialog[part=dialog]');
    await widgetIn(dialog).input('first_name').waitFor();
    expect(await dialog.evaluate((element) => (element as HTMLDialogElement).open && element.matches(':modal'))).toBe(true);
    // Named by the title the page gave, as this form has no heading.
    expect(await page.getByRole('dialog', { name: 'Join Riverside Gym' }).isVisible()).toBe(true);
    expect(widgetRequests(requests, '/popup', ['/popup.js'])).toEqual(TWO_REQUESTS(stack.proxyUrl));
    // Focus moves into the form.
    await expect.poll(() => page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.id)).toBe('gc-first_name');

    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('join');

    await join.click();
    await widgetIn(dialog).input('first_name').waitFor();
    const sent = await submitTrial(page, dialog, stack, 'popup');
    expect(await page.locator('#log').textContent()).toBe(`Signed up: ${sent.id}`);
    await expectEventsWithoutPersonalData(page, sent.id);
  });

  it('queue stub: mount and on() pushed before the script loads are replayed', async () => {
    const { page, requests } = await open('/queue-stub');
    expect(await page.locator('#log').getAttribute('data-queued-before-load')).toBe('2');
    const host = page.locator('#signup');
    await widgetIn(host).input('first_name').waitFor();
    expect(widgetRequests(requests, '/queue-stub', ['/queue-stub.js'])).toEqual(TWO_REQUESTS(stack.proxyUrl));
    const sent = await submitTrial(page, host, stack, 'queue-stub');
    expect(await page.locator('#log').textContent()).toBe(`queued listener saw ${sent.status === 201 ? 'created' : 'queued'}`);
    await expectEventsWithoutPersonalData(page, sent.id);
  });

  it('ESM mount() from the npm package', async () => {
    const { page, requests } = await open('/esm');
    const host = page.locator('#signup');
    await widgetIn(host).input('first_name').waitFor();
    // The module is the page's own bundle; from the proxy it needs only the definition.
    expect(widgetRequests(requests, '/esm', ['/esm-page.js'])).toEqual([`GET ${stack.site.url('/esm/gleantap-capture.js')}`, DEFINITION(stack.proxyUrl)]);
    const sent = await submitTrial(page, host, stack, 'esm');
    expect(await page.locator('#log').textContent()).toBe(`esm saw ${sent.id}`);
    await expectEventsWithoutPersonalData(page, sent.id);
  });
});
