import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { hostPage } from '../support/host-site.ts';
import { type Stack, startStack } from '../support/stack.ts';
import { fillTrial, recordRequests, scriptTag, visitor, widgetIn } from '../support/widget.ts';

// Validation in the browser and from the proxy: the message sits on the right field, focus
// goes to the first invalid field, and the live region speaks on every failed attempt.
let browser: Browser;
let stack: Stack;
let context: BrowserContext;

beforeAll(async () => {
  [browser, stack] = await Promise.all([launchChromium(), startStack()]);
  stack.site.set('/signup', { body: hostPage({ body: scriptTag(stack.proxyUrl) }) });
});
afterEach(async () => context?.close());
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function openSignup(): Promise<Page> {
  context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(stack.site.url('/signup'));
  await widgetIn(page).input('first_name').waitFor();
  return page;
}

/** The id of the focused element inside the widget's shadow root. */
function focusedField(page: Page): Promise<string | undefined> {
  return page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.id);
}

/** What the live region says now (its text, including the no-break space it toggles). */
function liveText(page: Page): Promise<string> {
  return widgetIn(page)
    .live()
    .evaluate((element) => element.textContent ?? '');
}

async function expectFieldError(page: Page, name: string, message: string): Promise<void> {
  const form = widgetIn(page);
  expect(await form.error(name).textContent()).toBe(message);
  expect(await form.input(name).getAttribute('aria-invalid')).toBe('true');
  expect(await form.input(name).getAttribute('aria-describedby')).toBe(`gc-${name}-e`);
}

describe('validation in the browser', () => {
  it('an empty form: a message on each required field, focus on the first, announced on every attempt', async () => {
    const page = await openSignup();
    const requests = recordRequests(page);
    const form = widgetIn(page);

    await form.submit().click();
    for (const name of ['first_name', 'last_name', 'email']) await expectFieldError(page, name, 'Please fill in this field.');
    expect(await form.error('phone').count()).toBe(0);
    expect(await form.input('phone').getAttribute('aria-invalid')).toBeNull();
    await expect.poll(() => focusedField(page)).toBe('gc-first_name');
    const first = await liveText(page);
    expect(first.trim()).toBe('There are 3 problems with the form.');

    // The same failure again must be spoken again: the region's text has to change.
    await form.submit().click();
    await expect.poll(() => liveText(page)).not.toBe(first);
    const second = await liveText(page);
    expect(second.trim()).toBe('There are 3 problems with the form.');
    await form.submit().click();
    await expect.poll(() => liveText(page)).not.toBe(second);
    expect((await liveText(page)).trim()).toBe('There are 3 problems with the form.');

    // A fix clears that field's message; the others stay.
    await form.input('first_name').fill('Ada');
    await form.input('first_name').blur();
    expect(await form.error('first_name').count()).toBe(0);
    expect(await form.error('last_name').count()).toBe(1);

    await form.input('last_name').fill('Lovelace');
    await form.input('email').fill('ada@');
    await form.submit().click();
    await expectFieldError(page, 'email', 'Please enter a valid email address, like name@example.com.');
    await expect.poll(() => focusedField(page)).toBe('gc-email');
    expect((await liveText(page)).trim()).toBe('There is 1 problem with the form.');

    // Nothing reached the proxy: the browser caught every problem.
    expect(requests.filter((request) => request.method() === 'POST')).toHaveLength(0);
  });
});

describe('validation from the proxy', () => {
  it('a phone the browser cannot judge but the proxy refuses: message on the phone field, focus there, announced; the fix is a new intent', async () => {
    const page = await openSignup();
    const form = widgetIn(page);
    const answers = visitor('proxy-validation', { phone: '+1 011 111 1111' });
    await fillTrial(page, answers);

    const refused = page.waitForResponse((response) => response.url().endsWith('/submissions'));
    await form.submit().click();
    const answer = await refused;
    expect(answer.status()).toBe(400);
    expect(await answer.json()).toMatchObject({ error: { code: 'invalid_fields', fields: { phone: 'invalid_phone' } } });
    const firstId = (answer.request().postDataJSON() as { id: string }).id;

    await expectFieldError(page, 'phone', 'Please enter a valid phone number.');
    for (const name of ['first_name', 'last_name', 'email']) expect(await form.error(name).count()).toBe(0);
    await expect.poll(() => focusedField(page)).toBe('gc-phone');
    await expect.poll(() => liveText(page)).toContain('There is 1 problem with the form.');
    // What the visitor typed is all still there.
    expect(await form.input('email').inputValue()).toBe(answers.email);

    // Twice refused, twice announced. (Enter from the focused field: see the known widget bug below for a mouse click.)
    const before = await liveText(page);
    const again = page.waitForResponse((response) => response.url().endsWith('/submissions'));
    await page.keyboard.press('Enter');
    expect((await again).status()).toBe(400);
    await expect.poll(() => liveText(page)).not.toBe(before);
    expect((await liveText(page)).trim()).toBe('There is 1 problem with the form.');

    await form.input('phone').fill('(415) 555-2671');
    const accepted = page.waitForResponse((response) => response.url().endsWith('/submissions'));
    await form.submit().click();
    const ok = await accepted;
    expect([201, 202]).toContain(ok.status());
    expect((ok.request().postDataJSON() as { id: string }).id).not.toBe(firstId);
    await form.success().waitFor();
    expect(await stack.contactFor(answers.email)).toMatchObject({ phone: '+14155552671' });
    expect((await stack.calls()).filter((call) => JSON.stringify(call.body).includes(answers.email))).toHaveLength(1);
  });
});

describe('a click on "Sign up" right after typing in a field', () => {
  // A mouse press on "Sign up" blurs the focused field. Were the blur to add or remove that
  // field's message, the button would move before the press is released and the click would
  // miss it; and a blur must not replace the proxy's verdict with the browser's looser one.
  it('typing an invalid email and clicking "Sign up" submits: every problem is shown and announced', async () => {
    const page = await openSignup();
    const form = widgetIn(page);
    await form.input('email').fill('not-an-email');
    // The press blurs the email field; its new message pushes the button down before release.
    await form.submit().click();
    await form.error('first_name').waitFor({ timeout: 3000 });
    await expect.poll(() => liveText(page), { timeout: 3000 }).toContain('There are 3 problems with the form.');
  });

  it('clicking "Sign up" again after a proxy-refused field sends again and shows the message again', async () => {
    const page = await openSignup();
    const form = widgetIn(page);
    await fillTrial(page, visitor('proxy-validation-click', { phone: '+1 011 111 1111' }));
    const refused = page.waitForResponse((response) => response.url().endsWith('/submissions'));
    await form.submit().click();
    expect((await refused).status()).toBe(400);
    await form.error('phone').waitFor();

    const again = page.waitForResponse((response) => response.url().endsWith('/submissions'), { timeout: 3000 });
    await form.submit().click();
    expect((await again).status()).toBe(400);
    await form.error('phone').waitFor({ timeout: 3000 });
  });
});
