import type { CaptchaProvider } from '@gleantap-capture/shared/config/bots.ts';
import { Agent, type Dispatcher, request } from 'undici';
import { FrozenSet } from '../config/frozen.ts';
import { joinUrl } from '../gleantap/join-url.ts';

/** The providers' own siteverify endpoints. */
export const SITEVERIFY_URLS: Readonly<Record<CaptchaProvider, string>> = Object.freeze({
  turnstile: 'https://challenges.cloudflare.com/turnstile/v0/siteverify',
  hcaptcha: 'https://api.hcaptcha.com/siteverify',
});

/** The same paths under a stand-in's base URL (tests, like GLEANTAP_BASE_URL for the sandbox). */
const PATHS: Readonly<Record<CaptchaProvider, string>> = { turnstile: 'turnstile/v0/siteverify', hcaptcha: 'siteverify' };

/** Why a CAPTCHA is refused; every reason is answered `403 invalid_token` before anything is stored. */
export type CaptchaRefusal = 'missing' | 'invalid' | 'duplicate' | 'hostname' | 'unavailable';

/**
 * The verdict. `failedOpen` marks a submission let through only because the provider could not
 * be asked and the form chose `failOpen` (to be counted and logged). `errorCodes` are the
 * provider's own codes (no personal data), for the log line that says why.
 */
export type CaptchaResult = { readonly ok: true; readonly failedOpen?: true } | { readonly ok: false; readonly reason: CaptchaRefusal; readonly errorCodes?: readonly string[] };

/** One form's CAPTCHA and one submission's answer to it. */
export interface CaptchaCheck {
  readonly provider: CaptchaProvider;
  /** The provider secret, looked up by `secretEnv` at start-up. */
  readonly secret: string;
  readonly siteKey: string;
  /** What the widget sent: the provider's response token; anything else is `missing`. */
  readonly response: unknown;
  /** The visitor's address as the proxy normalised it, passed on as `remoteip`. */
  readonly remoteIp?: string;
  /** Lower-case host names the CAPTCHA may have been solved on (see `captchaHostnames`). */
  readonly hostnames: ReadonlySet<string>;
  readonly failOpen: boolean;
}

export interface CaptchaVerifier {
  /** Asks the provider once; resolves to a verdict, never throws. */
  verify(check: CaptchaCheck): Promise<CaptchaResult>;
  /** Closes pooled connections once in-flight calls finish. */
  close(): Promise<void>;
  /** Aborts in-flight calls (they resolve `unavailable`) and closes the pool. */
  destroy(): Promise<void>;
}

export interface CaptchaVerifierOptions {
  /** A stand-in serving both providers' paths (`/turnstile/v0/siteverify`, `/siteverify`); the real ones when absent. */
  readonly baseUrl?: string;
  /** Cap on one whole call. Default 3000. */
  readonly timeoutMs?: number;
}

/** Turnstile documents 2048 characters as a response's maximum; hCaptcha's are shorter. */
const MAX_RESPONSE_LENGTH = 2048;
const MAX_BODY_BYTES = 16 * 1024;
const DEFAULT_TIMEOUT_MS = 3_000;

/** The response was already verified once: Turnstile's and hCaptcha's codes for a replay. */
const DUPLICATE_CODES = new Set(['timeout-or-duplicate', 'already-seen-response', 'invalid-or-already-seen-response']);
/** The owner's set-up or the provider is at fault, not the visitor: never the visitor's answer. */
const UNAVAILABLE_CODES = new Set(['missing-input-secret', 'invalid-input-secret', 'sitekey-secret-mismatch', 'bad-request', 'internal-error', 'missing-remoteip', 'invalid-remoteip']);
/** Of those, the ones a working provider could answer again in a moment; the rest are the owner's set-up, which failOpen never waves through. */
const TRANSIENT_CODES = new Set(['internal-error']);

/**
 * The host names a form's CAPTCHA may be solved on: its `captcha.hostnames`, else the hosts of
 * its allowed origins. A provider reports the page's host name, so a response solved on some
 * other site that uses the same (public) site key is refused.
 */
export function captchaHostnames(hostnames: readonly string[] | undefined, allowedOrigins: Iterable<string>): ReadonlySet<string> {
  return new FrozenSet(hostnames ?? [...allowedOrigins].map((origin) => new URL(origin).hostname.toLowerCase()));
}

/**
 * Verifies CAPTCHA responses with Cloudflare Turnstile's or hCaptcha's siteverify: once per
 * submission, before it is stored, never on a delivery retry (a response is single-use, so a
 * second check would say `duplicate`). Fails closed: when the provider cannot be asked the
 * submission is refused, unless the form set `failOpen`. Its own small undici pool, so a slow
 * provider never holds the connections that deliver to Gleantap.
 */
export function createCaptchaVerifier(options: CaptchaVerifierOptions = {}): CaptchaVerifier {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const base = options.baseUrl;
  const urls: Record<CaptchaProvider, URL> = {
    turnstile: base === undefined ? new URL(SITEVERIFY_URLS.turnstile) : joinUrl(base, PATHS.turnstile),
    hcaptcha: base === undefined ? new URL(SITEVERIFY_URLS.hcaptcha) : joinUrl(base, PATHS.hcaptcha),
  };
  const agent = new Agent({ connect: { timeout: timeoutMs }, connections: 8, keepAliveTimeout: 4_000, keepAliveMaxTimeout: 4_000 });

  async function ask(check: CaptchaCheck & { readonly response: string }): Promise<{ readonly status: number; readonly body: unknown } | undefined> {
    const form = new URLSearchParams({ secret: check.secret, response: check.response });
    if (check.remoteIp !== undefined) form.set('remoteip', check.remoteIp);
    // hCaptcha checks the response was issued for this site key; Turnstile's secret is per widget already.
    if (check.provider === 'hcaptcha') form.set('sitekey', check.siteKey);
    try {
      const response = await request(urls[check.provider], {
        dispatcher: agent,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await readCapped(response.body);
      return { status: response.statusCode, body: text === undefined ? undefined : parseJson(text) };
    } catch {
      // Timeouts, refused connections, resets: the provider could not be asked.
      return undefined;
    }
  }

  return {
    async verify(check) {
      if (typeof check.response !== 'string' || check.response === '') return { ok: false, reason: 'missing' };
      if (check.response.length > MAX_RESPONSE_LENGTH) return { ok: false, reason: 'invalid' };
      const answer = await ask({ ...check, response: check.response });
      const unavailable = (errorCodes?: readonly string[], transient = true): CaptchaResult =>
        check.failOpen && transient ? { ok: true, failedOpen: true } : { ok: false, reason: 'unavailable', ...(errorCodes === undefined ? {} : { errorCodes }) };
      if (answer === undefined || answer.status < 200 || answer.status > 299 || !isRecord(answer.body) || typeof answer.body['success'] !== 'boolean') return unavailable();
      const { body } = answer;
      const codes = errorCodes(body['error-codes']);
      if (body['success'] === true) {
        const hostname = typeof body['hostname'] === 'string' ? body['hostname'].toLowerCase() : undefined;
        return hostname !== undefined && check.hostnames.has(hostname) ? { ok: true } : { ok: false, reason: 'hostname' };
      }
      if (codes.some((code) => DUPLICATE_CODES.has(code))) return { ok: false, reason: 'duplicate', errorCodes: codes };
      if (codes.some((code) => UNAVAILABLE_CODES.has(code))) {
        return unavailable(
          codes,
          codes.every((code) => !UNAVAILABLE_CODES.has(code) || TRANSIENT_CODES.has(code)),
        );
      }
      return { ok: false, reason: 'invalid', errorCodes: codes };
    },
    close: () => agent.close(),
    destroy: () => agent.destroy(),
  };
}

/** The provider's codes, kept only when they look like codes: nothing else from the body is repeated. */
function errorCodes(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((code): code is string => typeof code === 'string' && /^[a-z0-9-]{1,64}$/.test(code)).slice(0, 10);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function readCapped(body: Dispatcher.ResponseData['body']): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
