import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Locator, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath } from '../support/artifacts.ts';
import { launchChromium } from '../support/chromium.ts';
import { hostPage } from '../support/host-site.ts';
import { type Stack, startStack } from '../support/stack.ts';
import { scriptTag, widgetIn } from '../support/widget.ts';

// Widget: the default theme follows the visitor's prefers-color-scheme, at WCAG 2.2 AA in both
// schemes (axe, inside the shadow root), inline and in the popup, with errors showing; an
// owner's `theme.colorScheme` forces one scheme whatever the visitor's setting.
let browser: Browser;
let stack: Stack;
let context: BrowserContext;

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const SCHEMES = ['light', 'dark'] as const;
type Scheme = (typeof SCHEMES)[number];

beforeAll(async () => {
  [browser, stack] = await Promise.all([launchChromium(), startStack()]);
  for (const form of ['trial', 'trial-light', 'trial-dark']) {
    stack.site.set(`/${form}`, {
      body: hostPage({
        head: scriptTag(stack.proxyUrl, `data-form="${form}" data-open-on="click:#join"`),
        body: `<button id="join" type="button">Join now</button>\n<p>Or sign up here:</p>\n${scriptTag(stack.proxyUrl, `data-form="${form}"`)}`,
      }),
    });
  }
});
afterEach(async () => context?.close());
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function visit(path: string, colorScheme: Scheme): Promise<Page> {
  context = await browser.newContext();
  const page = await context.newPage();
  await page.emulateMedia({ colorScheme });
  await page.goto(stack.site.url(path));
  await widgetIn(page.locator('[data-gleantap-host]')).input('first_name').waitFor();
  return page;
}

/** axe at WCAG 2.2 AA with no violations, and proof that it scanned nodes inside the widget's shadow root. */
async function expectAccessible(page: Page, state: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  const violations = results.violations.map((violation) => ({ id: violation.id, nodes: violation.nodes.map((node) => node.target) }));
  expect(violations, `${state}: ${JSON.stringify(violations)}`).toEqual([]);
  const contrastInShadow = results.passes
    .filter((rule) => rule.id === 'color-contrast')
    .flatMap((rule) => rule.nodes)
    .some((node) => Array.isArray(node.target[0]) && node.target[0].length > 1);
  expect(contrastInShadow, `${state}: axe measured no text contrast inside the widget`).toBe(true);
}

const colours = (locator: Locator) =>
  locator.evaluate((element) => {
    const style = getComputedStyle(element);
    return { color: style.color, background: style.backgroundColor };
  });

const INPUT = { light: { color: 'rgb(17, 17, 17)', background: 'rgb(255, 255, 255)' }, dark: { color: 'rgb(236, 236, 236)', background: 'rgb(43, 43, 43)' } };
const BUTTON_TEXT = { light: 'rgb(255, 255, 255)', dark: 'rgb(17, 17, 17)' };

describe('dark mode', () => {
  for (const scheme of SCHEMES) {
    it(`follows prefers-color-scheme: ${scheme}, at AA contrast inline, with errors, and in the popup`, async () => {
      const page = await visit('/trial', scheme);
      const inline = widgetIn(page.locator('[data-gleantap-host]'));
      expect(await colours(inline.input('email'))).toEqual(INPUT[scheme]);
      expect((await colours(inline.submit())).color).toBe(BUTTON_TEXT[scheme]);
      // Inline, the dark scheme draws its own surface: the page behind it may well stay white.
      expect((await colours(page.locator('[data-gleantap-host] .gc'))).background).toBe(scheme === 'dark' ? 'rgb(31, 31, 31)' : 'rgba(0, 0, 0, 0)');
      await expectAccessible(page, `${scheme}: inline form`);

      await inline.submit().click();
      await expect.poll(() => inline.error('first_name').isVisible()).toBe(true);
      await expectAccessible(page, `${scheme}: inline form with errors`);
      await page.screenshot({ path: artifactPath(`dark-mode-${scheme}-inline.png`), fullPage: true });

      await page.locator('#join').click();
      const dialog = page.locator('[data-gleantap-dialog] dialog');
      await widgetIn(page.locator('[data-gleantap-dialog]')).input('first_name').waitFor();
      expect((await colours(dialog)).background).toBe(scheme === 'dark' ? 'rgb(31, 31, 31)' : 'rgb(255, 255, 255)');
      await expectAccessible(page, `${scheme}: popup`);
      await page.screenshot({ path: artifactPath(`dark-mode-${scheme}-popup.png`) });
    });
  }

  it('keeps the owner’s forced scheme whatever the visitor prefers', async () => {
    for (const [form, visitorScheme, shown] of [
      ['trial-light', 'dark', 'light'],
      ['trial-dark', 'light', 'dark'],
    ] as const) {
      const page = await visit(`/${form}`, visitorScheme);
      const inline = widgetIn(page.locator('[data-gleantap-host]'));
      expect(await colours(inline.input('email')), form).toEqual(INPUT[shown]);
      expect((await colours(inline.submit())).color, form).toBe(BUTTON_TEXT[shown]);
      await expectAccessible(page, `${form} seen by a visitor preferring ${visitorScheme}`);
      await context.close();
    }
  });
});
