import { createLogger, startSandbox } from '@gleantap-capture/proxy';
import { allowedMethods, ERROR_STATUS, FORM_DEFINITION_PATH, HEALTHZ_ROUTE, ROUTES, SUBMISSIONS_PATH } from '@gleantap-capture/shared';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALLOWED_ORIGIN, badRequest, FORM_ID, type FormFacts, formPath } from './cases.ts';
import { type ChildProxy, startChildProxy } from './child-proxy.ts';
import { describeCase, judge } from './judge.ts';
import { keepAliveAgent, type RawRequest, send, stall } from './send.ts';

// docs/contract.md §2 against a hostile client: thousands of generated bad requests to a real
// `gleantap-capture serve` process. Every answer is a documented error with its documented
// status (never a 5xx, never a 2xx), the process stays up, Gleantap hears nothing, and memory
// does not grow with the traffic.

const RUNS = Number(process.env['E2E_HOSTILE_RUNS'] ?? 2000);
const SEED = process.env['E2E_HOSTILE_SEED'] === undefined ? undefined : Number(process.env['E2E_HOSTILE_SEED']);
const REQUEST_TIMEOUT_MS = 1000;
const MB = 1024 * 1024;

const SUBMISSIONS = formPath(SUBMISSIONS_PATH, FORM_ID);

const KEYS = { apiKey: 'hostile-api-key-3c9e', secretKey: 'hostile-secret-key-7f21' };

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
let proxy: ChildProxy;
let facts: FormFacts;

const hostileFormsFile = {
  version: 1,
  defaults: {
    locales: ['en'],
    minTokenAge: '0s',
    // Limits far above the run's volume: a 429 would hide what the later checks answer.
    rateLimit: {
      perIp: { max: 1_000_000, windowSeconds: 600 },
      perForm: { max: 1_000_000, windowSeconds: 600 },
      definitionPerIp: { max: 1_000_000, windowSeconds: 600 },
    },
  },
  forms: {
    [FORM_ID]: {
      allowedOrigins: [ALLOWED_ORIGIN],
      tags: ['trial'],
      fields: [
        { name: 'first_name', required: true },
        { name: 'last_name', required: true },
        { name: 'email', required: true },
        { name: 'phone' },
        { name: 'dob' },
        { name: 'goal', type: 'select', custom: true, options: ['strength', 'weight loss'], label: { en: 'Your goal' } },
      ],
      consent: { sms: { mode: 'attribute', text: { en: 'Text me offers. Reply STOP to stop.' } } },
    },
  },
};

beforeAll(async () => {
  sandbox = await startSandbox({ ...KEYS, host: '127.0.0.1', port: 0, logger: createLogger({ level: 'silent', secrets: [] }) });
  proxy = await startChildProxy({
    formsFile: hostileFormsFile,
    env: {
      GLEANTAP_API_KEY: KEYS.apiKey,
      GLEANTAP_SECRET_KEY: KEYS.secretKey,
      GLEANTAP_APP_ID: 'app_hostile',
      GLEANTAP_BASE_URL: sandbox.url,
      REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      HEADERS_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    },
  });
  const definition = (await (await fetch(`${proxy.url}${formPath(FORM_DEFINITION_PATH, FORM_ID)}`, { headers: { origin: ALLOWED_ORIGIN } })).json()) as {
    consent: Array<{ kind: string; version: string }>;
    token?: string;
  };
  const smsVersion = definition.consent.find((box) => box.kind === 'sms')?.version;
  if (smsVersion === undefined) throw new Error(`no sms consent version in ${JSON.stringify(definition)}`);
  facts = { smsVersion, token: definition.token };
}, 60_000);

/**
 * The case with a token of its own: a filled honeypot is stored (`dropped`), which spends the
 * token's nonce, so a second such case with the same token would be refused `invalid_token`.
 * Tokens are all the same length, so the bytes around it stay as generated.
 */
async function withFreshToken<R extends RawRequest>(request: R): Promise<R> {
  if (facts.token === undefined || request.body === undefined) return request;
  const text = request.body.toString('latin1');
  if (!text.includes(facts.token)) return request;
  const definition = (await (await fetch(`${proxy.url}${formPath(FORM_DEFINITION_PATH, FORM_ID)}`, { headers: { origin: ALLOWED_ORIGIN } })).json()) as { token: string };
  return { ...request, body: Buffer.from(text.replaceAll(facts.token, definition.token), 'latin1') };
}

afterAll(async () => {
  keepAliveAgent.destroy();
  await proxy?.stop();
  await sandbox?.close();
});

describe('a hostile client against a running proxy', () => {
  it(`${RUNS} generated bad requests each get their documented answer; the process stays up, Gleantap hears nothing, memory stays flat`, async () => {
    const faults = new Map<string, number>();
    let closed = 0;
    let seen = 0;
    let rssAfter100: number | undefined;
    await fc.assert(
      fc.asyncProperty(badRequest(facts), async (generated) => {
        const request = await withFreshToken(generated);
        const outcome = await send(proxy.url, request);
        if (!proxy.alive()) throw new Error(`the proxy process died\n${describeCase(request, outcome)}\n${proxy.problems.slice(-5).join('\n')}`);
        if (judge(request, outcome) === 'closed') closed += 1;
        faults.set(request.fault, (faults.get(request.fault) ?? 0) + 1);
        seen += 1;
        if (seen === 100) rssAfter100 = await proxy.rss(true);
      }),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }), endOnFailure: true },
    );

    const health = await fetch(`${proxy.url}${HEALTHZ_ROUTE.path}`);
    expect(health.status).toBe(200);
    expect(proxy.alive()).toBe(true);
    expect(await (await fetch(`${sandbox.url}/_sandbox/calls`)).json()).toEqual([]);
    // Nothing the clients sent made the proxy log an error (an error line is an unexpected throw).
    expect(proxy.problems.filter((line) => !/"level":"(info|warn)"/.test(line))).toEqual([]);

    const rssAtEnd = await proxy.rss(true);
    const limit = 2 * (rssAfter100 ?? 0) + 64 * MB;
    console.log(
      `hostile client: ${seen} requests, ${closed} closed without an answer (allowed for 413/415/408), ` +
        `RSS after 100: ${(rssAfter100! / MB).toFixed(1)} MB, at the end after GC: ${(rssAtEnd / MB).toFixed(1)} MB (limit ${(limit / MB).toFixed(1)} MB)\n` +
        [...faults.entries()]
          .sort((a, b) => b[1] - a[1])
          .map(([fault, count]) => `  ${String(count).padStart(5)}  ${fault}`)
          .join('\n'),
    );
    expect(seen).toBeGreaterThanOrEqual(RUNS);
    expect(rssAfter100).toBeGreaterThan(0);
    expect(rssAtEnd).toBeLessThan(limit);
  }, 600_000);

  it('slow bodies and headers are answered 408 request_timeout or closed, about when the request timeout says', async () => {
    const url = new URL(proxy.url);
    const head = (path: string, extra: string) => `POST ${path} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nOrigin: ${ALLOWED_ORIGIN}\r\n${extra}`;
    const slowCase = fc.oneof(
      fc.tuple(fc.integer({ min: 50, max: 16_000 }), fc.nat({ max: 40 }), fc.constantFrom(FORM_ID, 'nope')).map(([length, sent, form]) => ({
        what: 'a body that stops arriving',
        bytes: `${head(formPath(SUBMISSIONS_PATH, form), `Content-Length: ${length}\r\n\r\n`)}${'{"id":"'.slice(0, Math.min(sent, 7))}`,
        drip: undefined,
      })),
      fc.constant({ what: 'a chunked body that stops arriving', bytes: `${head(SUBMISSIONS, 'Transfer-Encoding: chunked\r\n\r\n')}5\r\n{"id"\r\n`, drip: undefined }),
      fc.constant({ what: 'a body dripping in a byte at a time', bytes: head(SUBMISSIONS, 'Content-Length: 10000\r\n\r\n'), drip: { chunk: Buffer.from(' '), everyMs: 200 } }),
      fc.constant({ what: 'headers that never end', bytes: `POST ${SUBMISSIONS} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: appl`, drip: undefined }),
    );
    await fc.assert(
      fc.asyncProperty(slowCase, async ({ what, bytes, drip }) => {
        const outcome = await stall(url.hostname, Number(url.port), Buffer.from(bytes), 8_000, drip);
        const account = `${what}: ${JSON.stringify(bytes.slice(0, 200))} → ${outcome.kind === 'answer' ? `${outcome.status} ${outcome.body}` : outcome.reason} after ${outcome.afterMs} ms`;
        expect(proxy.alive(), account).toBe(true);
        // Not before the timeout, and not held open much past it either.
        expect(outcome.afterMs, account).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
        expect(outcome.afterMs, account).toBeLessThan(REQUEST_TIMEOUT_MS + 4_000);
        if (outcome.kind === 'answer') {
          expect(outcome.status, account).toBe(ERROR_STATUS.request_timeout);
          // The app's own answer is the contract's JSON; Node's backstop for unfinished headers has no body.
          if (outcome.body !== '') expect(JSON.parse(outcome.body), account).toMatchObject({ error: { code: 'request_timeout' } });
        }
      }),
      { numRuns: 8, ...(SEED === undefined ? {} : { seed: SEED }), endOnFailure: true },
    );
    expect(await (await fetch(`${sandbox.url}/_sandbox/calls`)).json()).toEqual([]);
  }, 120_000);

  it('malformed HTTP (request smuggling shapes, bad request lines, oversized headers) is refused below the app and the process stays up', async () => {
    const url = new URL(proxy.url);
    const path = SUBMISSIONS;
    const common = `Host: ${url.host}\r\nContent-Type: application/json\r\nOrigin: ${ALLOWED_ORIGIN}\r\n`;
    const cases = [
      `POST ${path} HTTP/1.1\r\n${common}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      `POST ${path} HTTP/1.1\r\n${common}Content-Length: 5\r\nContent-Length: 6\r\n\r\n{}{}{}`,
      `POST ${path} HTTP/1.1\r\n${common}Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n`,
      `POST ${path} HTTP/1.1\r\n${common}Content-Length: -1\r\n\r\n`,
      `POST ${path} HTTP/1.1\r\n${common}Content-Length: 1e3\r\n\r\n`,
      `FOO ${path} HTTP/1.1\r\n${common}\r\n`,
      `POST ${path} HTTP/9.9\r\n${common}\r\n`,
      `POST ${path}\r\n\r\n`,
      `POST ${path} HTTP/1.1\r\n${common}No-Colon-Here\r\n\r\n`,
      `POST ${path} HTTP/1.1\r\n${common}X-Bad\u0000: 1\r\n\r\n`,
      `POST ${path} HTTP/1.1\r\n${common}X-Huge: ${'h'.repeat(20_000)}\r\n\r\n`,
      `\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003`,
      `GARBAGE\r\n\r\n`,
    ];
    for (const bytes of cases) {
      const outcome = await stall(url.hostname, Number(url.port), Buffer.from(bytes, 'latin1'), 5_000);
      const account = `${JSON.stringify(bytes.slice(0, 160))} → ${outcome.kind === 'answer' ? `${outcome.status} ${outcome.body}` : outcome.reason}`;
      // Node's parser answers most of these itself (400 Bad Request, 431 for the huge header)
      // and closes; what it lets through as HTTP gets a documented 4xx. Never 2xx, never 5xx.
      if (outcome.kind === 'answer') {
        expect(outcome.status, account).toBeGreaterThanOrEqual(400);
        expect(outcome.status, account).toBeLessThan(500);
      } else expect(outcome.reason, account).not.toMatch(/still open/);
      expect(proxy.alive(), account).toBe(true);
    }
    expect((await fetch(`${proxy.url}${HEALTHZ_ROUTE.path}`)).status).toBe(200);
    expect(await (await fetch(`${sandbox.url}/_sandbox/calls`)).json()).toEqual([]);
  });

  // docs/contract.md §2: a wrong method on a known route is 405, GET-only routes included.
  it('a wrong method on /healthz, /healthz/delivery, /readyz, /widget.js and /openapi.json is 405 method_not_allowed', async () => {
    const getOnly = ROUTES.filter((route) => !route.path.includes(':') && allowedMethods(route.path).join() === 'GET,HEAD').map((route) => route.path);
    expect(getOnly.sort()).toEqual(['/healthz', '/healthz/delivery', '/openapi.json', '/readyz', '/widget.js']);
    for (const path of getOnly) {
      for (const method of ['POST', 'PUT', 'DELETE']) {
        const outcome = await send(proxy.url, { method, path, headers: { origin: ALLOWED_ORIGIN, 'content-type': 'application/json' }, body: Buffer.from('{}') });
        expect(outcome.kind === 'answer' && outcome.status, `${method} ${path}`).toBe(ERROR_STATUS.method_not_allowed);
      }
    }
  });
});
