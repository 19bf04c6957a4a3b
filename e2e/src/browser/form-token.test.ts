import type { Browser, BrowserContext } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { hostPage } from '../support/host-site.ts';
import { type Stack, startStack } from '../support/stack.ts';
import { expectOwnerValues, UUID_V4 } from '../support/submit.ts';
import { fillTrial, recordSubmissionStatuses, scriptTag, visitor, widgetIn } from '../support/widget.ts';

// Form tokens (docs/security.md, Bot defences): a form filled faster than the minimum token age
// is a bot's, but a person using autofill is as fast; the widget waits the rest out itself.
let browser: Browser;
let stack: Stack;
let context: BrowserContext | undefined;

beforeAll(async () => {
  [browser, stack] = await Promise.all([launchChromium(), startStack()]);
  stack.site.set('/guarded', { body: hostPage({ body: scriptTag(stack.proxyUrl, 'data-form="guarded"') }) });
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.close();
});

describe('a form with a 2 s minimum token age', () => {
  it('filled and sent at machine speed succeeds, and the visitor never sees a refusal', async () => {
    context = await browser.newContext();
    const page = await context.newPage();
    const answers = recordSubmissionStatuses(page, 'guarded');
    await page.goto(stack.site.url('/guarded'));
    const form = widgetIn(page);
    await form.input('first_name').waitFor();
    const person = visitor('machine-speed');
    await fillTrial(page, person);
    await form.submit().click();
    await form.success().waitFor();
    expect(await form.success().textContent()).toContain('Thanks!');
    // One POST, accepted: the widget waited instead of being refused and retrying.
    expect(answers).toEqual([201]);
    expect(await page.locator('[part=error], [part=retry]').count()).toBe(0);
    const contact = await stack.contactFor(person.email);
    expect(contact).toMatchObject({ email: person.email, capture_submission_id: expect.stringMatching(UUID_V4) });
    expectOwnerValues(contact);
  });
});
