// Script-to-interactive in Chromium: each load in a fresh browser context (empty HTTP cache,
// no cookies), timed inside the page from navigation start (performance.now()'s origin) to
// the widget's `gleantap:ready` event, which it fires once the form has rendered. At that
// moment the page also notes whether the first input in the shadow root is enabled and which
// resources it had requested (Resource Timing), and Playwright counts every request the page made.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// Playwright is the e2e package's dependency; use its copy rather than adding another.
const { chromium } = createRequire(fileURLToPath(new URL('../../e2e/package.json', import.meta.url)))('playwright');

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// Runs in the page before any of its scripts: listens for the widget's first `ready`.
function recordReady() {
  document.addEventListener(
    'gleantap:ready',
    (event) => {
      const at = performance.now();
      const host = event.composedPath()[0];
      const input = host.shadowRoot?.querySelector('input');
      window[Symbol.for('bench-ready')] = {
        at,
        inputEnabled: input !== null && input !== undefined && !input.disabled,
        // startTime and responseEnd are exposed for cross-origin entries without Timing-Allow-Origin.
        resources: performance.getEntriesByType('resource').map((entry) => ({ url: entry.name, start: entry.startTime, end: entry.responseEnd })),
      };
    },
    { once: true },
  );
}

async function oneLoad(browser, url) {
  const context = await browser.newContext();
  try {
    await context.addInitScript(recordReady);
    const page = await context.newPage();
    const requests = [];
    page.on('request', (request) => requests.push({ url: request.url(), type: request.resourceType() }));
    await page.goto(url, { waitUntil: 'commit', timeout: 30_000 });
    const handle = await page.waitForFunction(() => window[Symbol.for('bench-ready')], undefined, { timeout: 30_000 });
    const ready = await handle.jsonValue();
    const requestsAtReady = requests.length;
    return { ...ready, requests: requests.slice(0, requestsAtReady) };
  } finally {
    await context.close();
  }
}

export async function measureLoads({ url, loads, warmups }) {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, headless: true, timeout: 30_000 });
  try {
    for (let i = 0; i < warmups; i += 1) await oneLoad(browser, url);
    const samples = [];
    for (let i = 0; i < loads; i += 1) samples.push(await oneLoad(browser, url));
    return { chromiumVersion: browser.version(), samples };
  } finally {
    await browser.close();
  }
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest-rank: the smallest value with at least p% of the samples at or below it.
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}
