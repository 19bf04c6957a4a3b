import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GYM_HOST, launchChromium } from '../support/chromium.ts';
import { hostPage } from '../support/host-site.ts';
import { type Stack, startStack } from '../support/stack.ts';
import { expectOwnerValues, submitTrial, UUID_V4 } from '../support/submit.ts';
import { sleep } from '../support/wait.ts';
import { fillTrial, recordRequests, scriptTag, visitor, widgetIn } from '../support/widget.ts';

// Widget goal 3 and docs/contract.md §6: never lose what the visitor typed. Gleantap down is the
// proxy's problem (202, delivered later); the proxy down is offered as a retry with the input
// kept; a double click is one lead; a plain http:// page gets an id without randomUUID.
let browser: Browser;
let stack: Stack;
let context: BrowserContext;

beforeAll(async () => {
  [browser, stack] = await Promise.all([launchChromium(), startStack()]);
  stack.site.set('/signup', { body: hostPage({ body: scriptTag(stack.proxyUrl) }) });
});
afterEach(async () => {
  await context?.close();
  await stack.heal();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function openSignup(host?: string): Promise<Page> {
  context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(stack.site.url('/signup', host));
  await widgetIn(page).input('first_name').waitFor();
  return page;
}

const isSubmission = (url: string) => url.endsWith('/v1/forms/trial/submissions');

describe('resilience', () => {
  it('Gleantap failing: the visitor still sees the thanks (202 queued), and the contact arrives once it heals', async () => {
    const page = await openSignup();
    await stack.fault({ mode: 'error', endpoint: 'newContact', status: 500 });
    const answers = visitor('sandbox-down');
    await fillTrial(page, answers);
    const answered = page.waitForResponse((response) => isSubmission(response.url()));
    await widgetIn(page).submit().click();
    const response = await answered;
    expect(response.status()).toBe(202);
    const body = (await response.json()) as { status: string; id: string };
    expect(body).toEqual({ status: 'queued', id: body.id });
    await widgetIn(page).success().waitFor();
    expect(await widgetIn(page).success().textContent()).toContain('Thanks!');

    // Gleantap was asked and said no; nothing is stored there yet.
    await sleep(300);
    expect((await stack.calls()).some((call) => call.endpoint === 'newContact' && call.status === 500)).toBe(true);
    expect((await stack.contacts()).filter((contact) => contact['email'] === answers.email)).toEqual([]);

    await stack.heal();
    const contact = await stack.contactFor(answers.email, 15_000);
    expect(contact['capture_submission_id']).toBe(body.id);
    expectOwnerValues(contact);
  });

  it('proxy unreachable: a retry is offered, nothing typed is lost, and the retry reuses the id', async () => {
    const page = await openSignup();
    const form = widgetIn(page);
    const answers = visitor('proxy-down', { phone: '415 555 2671' });
    await fillTrial(page, answers);
    const posts = recordRequests(page);

    await stack.stopProxy();
    try {
      await form.submit().click();
      await form.notice().waitFor();
      expect(await form.notice().textContent()).toContain("We couldn't send your details. Check your connection and try again.");
      expect(await form.notice().getAttribute('role')).toBe('alert');
      await form.retry().waitFor();
      for (const [name, value] of Object.entries({ first_name: answers.first_name, last_name: answers.last_name, email: answers.email, phone: '415 555 2671' })) {
        expect(await form.input(name).inputValue()).toBe(value);
      }
      expect(await form.success().count()).toBe(0);
    } finally {
      await stack.startProxyAgain();
    }

    const answered = page.waitForResponse((response) => isSubmission(response.url()) && response.request().method() === 'POST');
    await form.retry().click();
    const response = await answered;
    expect([201, 202]).toContain(response.status());
    await form.success().waitFor();
    const attempts = posts.filter((request) => request.method() === 'POST' && isSubmission(request.url())).map((request) => (request.postDataJSON() as { id: string }).id);
    expect(attempts).toHaveLength(2);
    expect(attempts[1]).toBe(attempts[0]);
    expect((await stack.contactFor(answers.email))['capture_submission_id']).toBe(attempts[0]);
  });

  it('a double click sends one submission and makes one contact', async () => {
    const page = await openSignup();
    const form = widgetIn(page);
    const answers = visitor('double-click');
    await fillTrial(page, answers);
    const posts = recordRequests(page);
    await form.submit().dblclick();
    await form.success().waitFor();
    await stack.contactFor(answers.email);
    await sleep(300);
    expect(posts.filter((request) => request.method() === 'POST')).toHaveLength(1);
    const calls = (await stack.calls()).filter((call) => call.endpoint === 'newContact' && JSON.stringify(call.body).includes(answers.email));
    expect(calls).toHaveLength(1);
  });

  it('a plain http:// page (not a secure context) works, with an id from getRandomValues', async () => {
    const page = await openSignup(GYM_HOST);
    expect(page.url()).toBe(stack.site.url('/signup', GYM_HOST));
    expect(await page.evaluate(() => ({ secure: window.isSecureContext, randomUUID: typeof crypto.randomUUID }))).toEqual({ secure: false, randomUUID: 'undefined' });
    const sent = await submitTrial(page, page, stack, 'http-page');
    expect(sent.id).toMatch(UUID_V4);
    expect(sent.contact['signup_page']).toBe(stack.site.url('/signup', GYM_HOST));
  });
});
