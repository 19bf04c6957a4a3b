import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath } from '../support/artifacts.ts';
import { launchChromium } from '../support/chromium.ts';

// The demo as someone trying the product meets it: the real `gleantap-capture demo` command,
// its front page a studio's website at phone and desktop widths, the popup opening from the
// hero's button, and the developer pages one link away.
const BIN = join(dirname(createRequire(import.meta.url).resolve('@gleantap-capture/proxy/package.json')), 'bin', 'gleantap-capture.js');
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let browser: Browser;
let context: BrowserContext;
let demo: ChildProcess;
let site: string;
let dir: string;

/** A port free right now (the demo takes fixed port numbers, not 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gc-e2e-demo-'));
  const [proxyPort, sandboxPort, sitePort] = [await freePort(), await freePort(), await freePort()];
  demo = spawn(process.execPath, [BIN, 'demo', '--proxy-port', String(proxyPort), '--sandbox-port', String(sandboxPort), '--site-port', String(sitePort)], {
    cwd: dir,
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], DATA_DIR: join(dir, 'data') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Press Ctrl-C to stop.')) resolve();
    };
    demo.stdout?.on('data', onData);
    demo.stderr?.on('data', onData);
    demo.once('exit', (code) => reject(new Error(`demo exited with ${code}: ${output}`)));
  });
  site = `http://127.0.0.1:${sitePort}`;
  expect(output).toContain(`studio website    ${site}/`);
  expect(output).toContain(`developer pages   ${site}/developers.html`);
  browser = await launchChromium();
});
afterEach(async () => context?.close());
afterAll(async () => {
  await browser?.close();
  if (demo && demo.exitCode === null) {
    const exited = new Promise((resolve) => demo.once('exit', resolve));
    demo.kill('SIGTERM');
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function visit(path: string, width: number, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme });
  const page = await context.newPage();
  await page.goto(`${site}${path}`);
  return page;
}

describe('the demo’s front page', () => {
  for (const width of [360, 1280]) {
    it(`is a studio’s website at ${width} px: hero, schedule, the inline trial form, the newsletter in the footer, no sideways scrolling`, async () => {
      const page = await visit('/', width);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/Small classes/);
      expect(await page.getByRole('link', { name: 'Book a free class' }).isVisible()).toBe(true);
      expect(await page.locator('.schedule li').count()).toBeGreaterThanOrEqual(6);
      await page.locator('[data-gleantap-form="trial"] #gc-first_name').waitFor();
      await page.locator('[data-gleantap-form="newsletter"] #gc-email').waitFor();
      expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toMatch(/^system-ui/);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).toBe(0);
      // The forms' own headings are the sections' headings: each shows once.
      for (const name of ['Book a free class', 'The Riverside letter']) expect(await page.getByRole('heading', { name }).count(), name).toBe(1);
      await page.screenshot({ path: artifactPath(`demo-front-${width}.png`), fullPage: true });
      await page.locator('[data-gleantap-form="trial"]').screenshot({ path: artifactPath(`demo-front-trial-${width}.png`) });
      await page.locator('footer').screenshot({ path: artifactPath(`demo-front-footer-${width}.png`) });
    });
  }

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no WCAG 2.2 AA violations in the ${colorScheme} scheme`, async () => {
      const page = await visit('/', 1280, colorScheme);
      await page.locator('[data-gleantap-form="newsletter"] #gc-email').waitFor();
      const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
      expect(results.violations.map((violation) => ({ id: violation.id, nodes: violation.nodes.map((node) => node.target) }))).toEqual([]);
    });
  }

  it('opens the trial popup from the hero’s button, without leaving the page', async () => {
    const page = await visit('/', 360);
    await page.waitForFunction(() => typeof (window as { GleantapCapture?: { open?: unknown } }).GleantapCapture?.open === 'function');
    await page.getByRole('link', { name: 'Book a free class' }).click();
    // Named by the trial form's heading, its visible title.
    const dialog = page.getByRole('dialog', { name: 'Book a free class' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.locator('[data-gleantap-dialog] #gc-first_name').waitFor();
    expect(new URL(page.url()).hash).toBe('');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).toBe(0);
    // The close button sits in the corner: it neither narrows the inputs nor covers the heading.
    const layout = await page.locator('[data-gleantap-dialog]').evaluate((host) => {
      const root = host.shadowRoot as ShadowRoot;
      const box = (selector: string) => (root.querySelector(selector) as Element).getBoundingClientRect();
      const dialog = root.querySelector('dialog') as HTMLDialogElement;
      const style = getComputedStyle(dialog);
      return {
        input: Math.round(box('#gc-first_name').width),
        content: Math.round(dialog.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight)),
        headingRight: box('h2').right,
        closeLeft: box('button.close').left,
      };
    });
    expect(layout.input).toBe(layout.content);
    expect(layout.headingRight).toBeLessThanOrEqual(layout.closeLeft);
    await page.screenshot({ path: artifactPath('demo-front-popup-360.png') });
  });

  it('keeps the developer pages one link away, each one answering', async () => {
    const page = await visit('/', 1280);
    await page.getByRole('link', { name: /Developer pages/ }).click();
    await page.waitForURL(`${site}/developers.html`);
    const links = await page.locator('nav[aria-label="Developer pages"] a').evaluateAll((anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).href));
    expect(links.map((href) => new URL(href).pathname)).toEqual([
      '/script-tag.html',
      '/mount-point.html',
      '/custom-element.html',
      '/popup.html',
      '/triggers.html',
      '/esm.html',
      '/strict-csp.html',
      '/spanish.html',
      '/contacts.html',
    ]);
    for (const href of links) expect([href, (await page.request.get(href)).status()]).toEqual([href, 200]);
  });
});
