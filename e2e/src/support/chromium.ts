import { type Browser, chromium } from 'playwright';

/** Debian's Chromium unless CHROMIUM_PATH names another; `npx playwright install` cannot download here. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] || '/usr/bin/chromium';

/** Host names the suite serves pages on besides 127.0.0.1; all resolve to loopback. */
export const GYM_HOST = 'gym.test';
export const OTHER_HOST = 'other-gym.test';

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // `http://gym.test:<port>` is a real non-secure context (no crypto.randomUUID), unlike
  // loopback names, which browsers treat as secure.
  `--host-resolver-rules=MAP ${GYM_HOST} 127.0.0.1, MAP ${OTHER_HOST} 127.0.0.1`,
];

/** Launches headless Chromium with the suite's flags, or fails saying what to install. */
export async function launchChromium(): Promise<Browser> {
  try {
    return await chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS, headless: true, timeout: 30_000 });
  } catch (error) {
    throw new Error(
      `Chromium at ${CHROMIUM_PATH} did not launch. Install Debian's package (apt-get install -y chromium, ` +
        `or run .ci/ensure-chromium) or set CHROMIUM_PATH.\n${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
