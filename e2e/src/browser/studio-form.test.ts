import { AxeBuilder } from '@axe-core/playwright';
import { en } from '@gleantap-capture/shared';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { OWNER, STUDIOS } from '../support/forms.ts';
import { hostPage } from '../support/host-site.ts';
import { type Stack, startStack } from '../support/stack.ts';
import { UUID_V4 } from '../support/submit.ts';
import { scriptTag, visitor, widgetIn } from '../support/widget.ts';

// A studio's trial form as a visitor meets it: the studio picker sends the exact Gleantap
// location (and the second studio's own app id), a campaign link's hidden value and a
// prefilled email arrive, and the new field types, filled by keyboard alone, arrive typed.
let browser: Browser;
let stack: Stack;
let context: BrowserContext;

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

beforeAll(async () => {
  [browser, stack] = await Promise.all([launchChromium(), startStack()]);
  // The campaign comes from the embed; `data-field-coupon` names no field of the form.
  stack.site.set('/studio', { body: hostPage({ body: scriptTag(stack.proxyUrl, 'data-form="studio" data-field-campaign="spring-open-day" data-field-coupon="FREE100"') }) });
  stack.site.set('/studio-popup', { body: hostPage({ head: scriptTag(stack.proxyUrl, ''), body: '<button id="book">Book</button><script src="/studio-popup.js"></script>' }) });
  stack.site.set('/studio-popup.js', {
    type: 'text/javascript',
    body: `document.getElementById('book').addEventListener('click', () => GleantapCapture.open({ form: 'studio' }));`,
  });
});
afterEach(async () => context?.close());
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function visit(path: string): Promise<Page> {
  context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  await page.goto(stack.site.url(path));
  return page;
}

/** The focused control inside the widget's shadow root, as `id` or `name=value`. */
function focused(page: Page): Promise<string | undefined> {
  return page.evaluate(() => {
    const active = document.activeElement?.shadowRoot?.activeElement as HTMLInputElement | null | undefined;
    return active ? active.id || `${active.name}=${active.value}` : undefined;
  });
}

/** Tab to the next control and check which one has focus. */
async function tabTo(page: Page, expected: string): Promise<void> {
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe(expected);
}

describe('the studio form', () => {
  it('filled by keyboard alone: the chosen studio’s exact location and app id, the hidden campaign, the URL’s email and every field type arrive typed', async () => {
    const answers = visitor('studio-keys');
    const page = await visit(`/studio?email=${encodeURIComponent(answers.email)}`);
    const form = widgetIn(page);
    await form.input('location').waitFor();
    // The prefilled email is on screen before the visitor does anything.
    expect(await form.input('email').inputValue()).toBe(answers.email);

    await form.input('location').focus();
    // A closed select moves through its options with the arrow keys: "—", Downtown, Eastside.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await form.input('location').inputValue()).toBe('eastside');
    await tabTo(page, 'gc-first_name');
    await page.keyboard.type(answers.first_name);
    await tabTo(page, 'gc-last_name');
    await page.keyboard.type(answers.last_name);
    await tabTo(page, 'gc-email');
    await tabTo(page, 'gc-waiver');
    await page.keyboard.press('Space');
    // Into the radio group: its first option takes focus; the arrow key moves and ticks.
    await tabTo(page, 'goal=strength');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('goal=mobility');
    // Out of the group (one tab stop), through the multiselect's boxes.
    await tabTo(page, 'classes=yoga');
    await page.keyboard.press('Space');
    await tabTo(page, 'classes=spin');
    await tabTo(page, 'classes=boxing');
    await page.keyboard.press('Space');
    await tabTo(page, 'gc-age');
    await page.keyboard.type('34');

    const answered = page.waitForResponse((response) => response.url().endsWith('/v1/forms/studio/submissions'));
    await page.keyboard.press('Enter');
    const response = await answered;
    expect([201, 202]).toContain(response.status());
    const sent = response.request().postDataJSON() as { id: string; fields: Record<string, unknown> };
    expect(sent.id).toMatch(UUID_V4);
    // In its JSON type; the undeclared data-field-coupon never leaves the page.
    expect(sent.fields).toEqual({
      location: 'eastside',
      first_name: answers.first_name,
      last_name: answers.last_name,
      email: answers.email,
      waiver: true,
      goal: 'mobility',
      classes: ['yoga', 'boxing'],
      age: 34,
      campaign: 'spring-open-day',
    });
    await form.success().waitFor();

    const contact = await stack.contactFor(answers.email);
    expect(contact).toMatchObject({
      app_id: STUDIOS.eastside.appId,
      location: STUDIOS.eastside.location,
      first_name: answers.first_name,
      email: answers.email,
      waiver: true,
      goal: 'mobility',
      classes: 'yoga,boxing',
      age: 34,
      campaign: 'spring-open-day',
      capture_submission_id: sent.id,
    });
    expect(contact).not.toHaveProperty('coupon');
    expect(JSON.stringify(contact)).not.toContain('FREE100');
  });

  it('the first studio goes to the default account with its own exact location', async () => {
    const answers = visitor('studio-downtown');
    const page = await visit('/studio');
    const form = widgetIn(page);
    await form.input('location').selectOption('downtown');
    await form.input('first_name').fill(answers.first_name);
    await form.input('last_name').fill(answers.last_name);
    await form.input('email').fill(answers.email);
    await form.input('waiver').check();
    await page.locator('input[name=goal][value=strength]').check();
    await form.submit().click();
    await form.success().waitFor();
    const contact = await stack.contactFor(answers.email);
    expect(contact).toMatchObject({ app_id: OWNER.appId, location: STUDIOS.downtown.location, waiver: true, goal: 'strength', campaign: 'spring-open-day' });
    // Nothing ticked in the multiselect, nothing typed in the number: not sent.
    expect(contact).not.toHaveProperty('classes');
    expect(contact).not.toHaveProperty('age');
  });

  it('shows an error on each new field type, linked and announced, and stays axe-clean (WCAG 2.2 AA)', async () => {
    const page = await visit('/studio');
    const form = widgetIn(page);
    await form.input('age').waitFor();
    await form.input('age').fill('12');
    await form.submit().focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await form.live().textContent())?.trim()).toBe(en.error_summary_other.replace('{count}', '7'));
    for (const name of ['location', 'first_name', 'last_name', 'email', 'waiver']) expect(await form.error(name).textContent(), name).toBeTruthy();
    // Below the minimum age: the shared validator's invalid_value, shown as a number's range message.
    expect(await form.error('age').textContent()).toBe(en.invalid_number);
    // A group's error is linked from each of its inputs.
    const goalError = page.locator('#gc-goal-e');
    expect(await goalError.textContent()).toBe(en.required);
    for (const input of await page.locator('input[name=goal]').all()) expect(await input.getAttribute('aria-describedby')).toContain('gc-goal-e');
    expect(await focused(page)).toBe('gc-location');

    const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
    const violations = results.violations.map((violation) => ({ id: violation.id, nodes: violation.nodes.map((node) => node.target) }));
    expect(violations).toEqual([]);
    // axe looked inside the shadow root (the targets of its passes include shadow paths).
    expect(results.passes.some((rule) => rule.nodes.some((node) => Array.isArray(node.target[0])))).toBe(true);
  });

  it('in a popup, the dialog is found by the form’s heading as its accessible name, shown once', async () => {
    const page = await visit('/studio-popup');
    await page.waitForFunction(() => typeof (window as { GleantapCapture?: { open?: unknown } }).GleantapCapture?.open === 'function');
    await page.locator('#book').click();
    const dialog = page.getByRole('dialog', { name: 'Book a free class' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.getByRole('heading', { name: 'Book a free class' }).count()).toBe(1);
    expect(await dialog.getByText('Your first class is on us.').isVisible()).toBe(true);
    expect(await dialog.getByRole('button', { name: en.close }).isVisible()).toBe(true);
  });
});
