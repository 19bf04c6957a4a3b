import type { Browser, BrowserContext, Locator, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { SMS_TEXT } from '../support/forms.ts';
import { hostPage } from '../support/host-site.ts';
import { type Stack, startStack } from '../support/stack.ts';
import { fillTrial, scriptTag, visitor, widgetIn } from '../support/widget.ts';

// English and Spanish: the page's `lang` (or an embed's `data-locale`) picks the language of
// every text the visitor meets — labels, consent, button, errors, announcements, thanks.
let browser: Browser;
let stack: Stack;
let context: BrowserContext;

beforeAll(async () => {
  [browser, stack] = await Promise.all([launchChromium(), startStack()]);
  stack.site.set('/es', { body: hostPage({ lang: 'es', title: 'Gimnasio Riverside', body: scriptTag(stack.proxyUrl) }) });
  stack.site.set('/es-mx', { body: hostPage({ lang: 'es-MX', title: 'Gimnasio Riverside', body: scriptTag(stack.proxyUrl) }) });
  stack.site.set('/en-with-spanish-form', {
    body: hostPage({ head: scriptTag(stack.proxyUrl, ''), body: '<div id="es-form" data-gleantap-form="trial" data-locale="es"></div>' }),
  });
  stack.site.set('/en', { body: hostPage({ body: scriptTag(stack.proxyUrl) }) });
});
afterEach(async () => context?.close());
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function open(path: string): Promise<Page> {
  // The browser's own language is English, so only the page can ask for Spanish.
  context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(stack.site.url(path));
  return page;
}

function labelOf(scope: Page | Locator, id: string): Promise<string | null> {
  return scope.locator(`label[for="${id}"]`).textContent();
}

async function expectSpanish(page: Page, scope: Page | Locator): Promise<void> {
  const form = widgetIn(scope);
  await form.input('first_name').waitFor();
  expect(await labelOf(scope, 'gc-first_name')).toBe('Nombre (obligatorio)');
  expect(await labelOf(scope, 'gc-email')).toBe('Correo electrónico (obligatorio)');
  expect(await labelOf(scope, 'gc-phone')).toBe('Teléfono');
  expect(await labelOf(scope, 'gc-goal')).toBe('Tu objetivo');
  expect(await labelOf(scope, 'gc-consent-sms')).toBe(SMS_TEXT.es.replace('[Privacidad](https://example.com/privacy)', 'Privacidad'));
  expect(await form.submit().textContent()).toBe('Registrarme');

  await form.submit().click();
  expect(await form.error('first_name').textContent()).toBe('Completa este campo.');
  await expect.poll(async () => (await form.live().textContent())?.trim()).toBe('Hay 3 problemas en el formulario.');

  const answers = visitor('spanish');
  await fillTrial(scope, answers);
  const answered = page.waitForResponse((response) => response.url().endsWith('/submissions'));
  await form.input('email').press('Enter');
  expect((await answered).request().postDataJSON()).toMatchObject({ context: { locale: 'es' } });
  await form.success().waitFor();
  expect(await form.success().textContent()).toBe('¡Gracias! Nos pondremos en contacto contigo.');
  await stack.contactFor(answers.email);
}

describe('languages', () => {
  it('a lang="es" page shows the form in Spanish', async () => {
    const page = await open('/es');
    await expectSpanish(page, page);
  });

  it('a lang="es-MX" page gets Spanish too (matched by language)', async () => {
    const page = await open('/es-mx');
    await widgetIn(page).input('first_name').waitFor();
    expect(await labelOf(page, 'gc-first_name')).toBe('Nombre (obligatorio)');
  });

  it('data-locale="es" on an English page', async () => {
    const page = await open('/en-with-spanish-form');
    await expectSpanish(page, page.locator('#es-form'));
  });

  it('an English page stays English', async () => {
    const page = await open('/en');
    await widgetIn(page).input('first_name').waitFor();
    expect(await labelOf(page, 'gc-first_name')).toBe('First name (required)');
    expect(await widgetIn(page).submit().textContent()).toBe('Sign up');
  });
});
