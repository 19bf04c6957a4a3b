import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

/**
 * How the stand-in answers: `valid` verifies each response once (a second check of the same
 * response is a duplicate, as with the real providers); the others answer every call alike.
 * `hang` accepts the request and never answers; `error-500` is an outage.
 */
export type VerifierMode = 'valid' | 'invalid' | 'duplicate' | 'wrong-hostname' | 'hang' | 'error-500';

/** One siteverify call as the stand-in received it; the secret is recorded as right or wrong only. */
export interface VerifierCall {
  readonly provider: 'turnstile' | 'hcaptcha';
  readonly contentType: string | undefined;
  readonly secretMatches: boolean;
  readonly response: string | null;
  readonly remoteip: string | null;
  readonly sitekey: string | null;
}

export interface CaptchaVerifierStandIn {
  /** Base URL to give the verifier (`baseUrl`): it serves `/turnstile/v0/siteverify` and `/siteverify`. */
  readonly url: string;
  /** The secret it accepts; any other gets `invalid-input-secret`. */
  readonly secret: string;
  /** The host name it reports for a solved CAPTCHA (`wrong-hostname` reports another). */
  readonly hostname: string;
  setMode(mode: VerifierMode): void;
  calls(): readonly VerifierCall[];
  close(): Promise<void>;
}

const SECRET = 'captcha-secret-canary-3e8a1f';

/**
 * A local stand-in for Cloudflare Turnstile's and hCaptcha's siteverify on an ephemeral loopback
 * port, speaking both request formats (form-encoded `secret`, `response`, `remoteip`, and
 * `sitekey` for hCaptcha) and both answer formats. Closed when the calling test ends.
 */
export async function startCaptchaVerifier(options: { readonly hostname?: string; readonly mode?: VerifierMode } = {}): Promise<CaptchaVerifierStandIn> {
  const hostname = options.hostname ?? 'www.example-gym.com';
  let mode: VerifierMode = options.mode ?? 'valid';
  const calls: VerifierCall[] = [];
  const seen = new Set<string>();

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const provider = req.url === '/turnstile/v0/siteverify' ? 'turnstile' : req.url === '/siteverify' ? 'hcaptcha' : undefined;
    if (provider === undefined || req.method !== 'POST') {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const response = form.get('response');
    calls.push({ provider, contentType: req.headers['content-type'], secretMatches: form.get('secret') === SECRET, response, remoteip: form.get('remoteip'), sitekey: form.get('sitekey') });
    if (mode === 'hang') return;
    if (mode === 'error-500') {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
      return;
    }
    const answer = (success: boolean, codes: string[], host = hostname) => {
      const common = success ? { challenge_ts: new Date(0).toISOString(), hostname: host } : {};
      // Turnstile always sends `error-codes` (empty on success) and `action`/`cdata`; hCaptcha sends `credit` and codes on failure only.
      const body =
        provider === 'turnstile'
          ? { success, 'error-codes': codes, ...common, ...(success ? { action: '', cdata: '' } : {}) }
          : { success, ...common, ...(success ? { credit: false } : { 'error-codes': codes }) };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const duplicate = provider === 'turnstile' ? 'timeout-or-duplicate' : 'invalid-or-already-seen-response';
    if (form.get('secret') !== SECRET) return answer(false, ['invalid-input-secret']);
    if (response === null || response === '') return answer(false, ['missing-input-response']);
    if (mode === 'invalid') return answer(false, ['invalid-input-response']);
    if (mode === 'duplicate' || seen.has(response)) return answer(false, [duplicate]);
    seen.add(response);
    return answer(true, [], mode === 'wrong-hostname' ? 'elsewhere.example.net' : hostname);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      // A `hang` call holds its socket open until the client gives up or the test ends.
      server.closeAllConnections();
    });
    return closing;
  };
  onTestFinished(close);
  return {
    url: `http://127.0.0.1:${port}`,
    secret: SECRET,
    hostname,
    setMode: (next) => {
      mode = next;
    },
    calls: () => [...calls],
    close,
  };
}
