import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type Config, createLogger, loadConfig, type RunningProxy, startProxy, startSandbox } from '@gleantap-capture/proxy';
import { GYM_HOST } from './chromium.ts';
import { e2eFormsFile, OWNER } from './forms.ts';
import { type HostSite, startHostSite } from './host-site.ts';
import { waitFor } from './wait.ts';

export type SandboxContact = Record<string, unknown> & { _id: string; app_id: string };
export interface SandboxCall {
  readonly endpoint: string;
  readonly method: string;
  readonly status: number | null;
  readonly body: unknown;
}

/** The host website, the proxy on another origin and the sandbox Gleantap behind it. */
export interface Stack {
  readonly site: HostSite;
  /** The proxy's base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly proxyUrl: string;
  readonly sandboxUrl: string;
  /** Every log line the proxy wrote. */
  readonly logs: string[];
  contacts(): Promise<SandboxContact[]>;
  calls(): Promise<SandboxCall[]>;
  /** The one contact with this email, once it has arrived. */
  contactFor(email: string, timeoutMs?: number): Promise<SandboxContact>;
  fault(spec: Record<string, unknown>): Promise<void>;
  heal(): Promise<void>;
  /** Stops the proxy (its port stops answering) until `startProxyAgain`. */
  stopProxy(): Promise<void>;
  /** Starts the proxy again on the same port with the same store. */
  startProxyAgain(): Promise<void>;
  close(): Promise<void>;
}

const KEYS = { apiKey: 'e2e-api-key-5d1f0c', secretKey: 'e2e-secret-key-8b2e7a' };

export interface StackOptions {
  /**
   * A siteverify stand-in on loopback (`CAPTCHA_VERIFY_BASE_URL`): adds the form `captcha`,
   * `trial` with a Turnstile challenge verified there with the secret `CAPTCHA_SECRET`.
   */
  readonly captchaVerifyUrl?: string;
}

/** The secret the `captcha` form's verifier stand-in expects. */
export const CAPTCHA_SECRET = 'e2e-captcha-secret-41c9';

/**
 * Starts everything on free loopback ports. `trial` is allowed from the site on 127.0.0.1 and
 * on `gym.test` (the non-secure http:// page); `other-gym.test` is deliberately not allowed.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const site = await startHostSite();
  const sandboxLogger = createLogger({ level: 'silent', secrets: [] });
  const sandbox = await startSandbox({ ...KEYS, host: '127.0.0.1', port: 0, logger: sandboxLogger });
  const dataDir = mkdtempSync(join(tmpdir(), 'gc-e2e-data-'));
  const formsFile = e2eFormsFile([site.origin(), site.origin(GYM_HOST)]) as { forms: Record<string, object> };
  const captcha = options.captchaVerifyUrl === undefined ? {} : { CAPTCHA_VERIFY_BASE_URL: options.captchaVerifyUrl, E2E_TURNSTILE_SECRET: CAPTCHA_SECRET };
  if (options.captchaVerifyUrl !== undefined) {
    formsFile.forms['captcha'] = { extends: 'trial', bots: { captcha: { provider: 'turnstile', siteKey: '0x4AAAAAAAe2e', secretEnv: 'E2E_TURNSTILE_SECRET' } } };
  }
  const formsJson = JSON.stringify(formsFile);
  const loaded = loadConfig(
    {
      GLEANTAP_API_KEY: KEYS.apiKey,
      GLEANTAP_SECRET_KEY: KEYS.secretKey,
      GLEANTAP_APP_ID: OWNER.appId,
      GLEANTAP_BASE_URL: sandbox.url,
      // The eastside studio's own account (forms.ts): another app id, the sandbox's keys.
      GLEANTAP_EASTSIDE_API_KEY: KEYS.apiKey,
      GLEANTAP_EASTSIDE_SECRET_KEY: KEYS.secretKey,
      CAPTURE_CONFIG: '/virtual/e2e-forms.json',
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...captcha,
    },
    { readFile: () => formsJson },
  );
  if (!loaded.ok) {
    await Promise.all([site.close(), sandbox.close()]);
    throw new Error(`e2e config refused: ${JSON.stringify(loaded.problems)}`);
  }
  const config: Config = loaded.config;
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ level: 'info', secrets: Object.values(KEYS), destination });
  let proxy: RunningProxy | undefined = await startProxy(config, { logger, port: 0, metricsPort: 0, host: '127.0.0.1' });
  const proxyPort = proxy.port;

  const sandboxJson = async <T>(path: string): Promise<T> => (await fetch(`${sandbox.url}${path}`)).json() as Promise<T>;
  const stack: Stack = {
    site,
    proxyUrl: proxy.url,
    sandboxUrl: sandbox.url,
    logs,
    contacts: () => sandboxJson<SandboxContact[]>('/_sandbox/contacts'),
    calls: () => sandboxJson<SandboxCall[]>('/_sandbox/calls'),
    async contactFor(email, timeoutMs = 10_000) {
      const found = await waitFor(
        async () => (await stack.contacts()).filter((contact) => contact['email'] === email),
        (list) => list.length > 0,
        {
          timeoutMs,
          what: `a contact with email ${email} in the sandbox`,
        },
      );
      if (found.length !== 1) throw new Error(`expected one contact for ${email}, found ${found.length}`);
      return found[0] as SandboxContact;
    },
    async fault(spec) {
      const answer = await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
      if (!answer.ok) throw new Error(`sandbox refused fault ${JSON.stringify(spec)}: ${answer.status}`);
    },
    async heal() {
      await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
    },
    async stopProxy() {
      await proxy?.close();
      proxy = undefined;
    },
    async startProxyAgain() {
      proxy = await startProxy(config, { logger, port: proxyPort, metricsPort: 0, host: '127.0.0.1' });
    },
    async close() {
      await proxy?.close();
      proxy = undefined;
      await Promise.all([sandbox.close(), site.close()]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return stack;
}
