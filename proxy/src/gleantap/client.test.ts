import { createServer, type IncomingMessage, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startTestSandbox, TEST_KEYS } from '../sandbox/test-sandbox.ts';
import { createGleantapClient, type GleantapClient, type GleantapClientOptions } from './client.ts';

const contact = { app_id: 'app-1', first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' };
const optin = { app_id: 'app-1', phone: '+15551234567', email: 'ada@example.com', user_id: 'u-1' };

function client(baseUrl: string, overrides: Partial<GleantapClientOptions> = {}): GleantapClient {
  const created = createGleantapClient({ baseUrl, connectTimeoutMs: 2_000, headersTimeoutMs: 5_000, totalTimeoutMs: 10_000, ...overrides });
  onTestFinished(() => created.close());
  return created;
}

/** A throwaway HTTP server on an ephemeral loopback port, closed when the test ends. */
async function tinyServer(handler: RequestListener): Promise<{ url: string; requests: IncomingMessage[] }> {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

describe('Gleantap client against the sandbox', () => {
  it('newContact success is ok with the contact id, and the contact is stored', async () => {
    const sandbox = await startTestSandbox();
    const outcome = await client(sandbox.url).newContact(contact, TEST_KEYS);
    const stored = await sandbox.contacts();
    expect(outcome).toEqual({ ok: true, status: 200, contactId: stored[0]?._id });
    expect(stored).toHaveLength(1);
  });

  it('optin and probe succeed without a contact id', async () => {
    const sandbox = await startTestSandbox();
    const gleantap = client(sandbox.url);
    expect(await gleantap.optin(optin, TEST_KEYS)).toEqual({ ok: true, status: 200, contactId: undefined });
    expect(await gleantap.probe('app-1', TEST_KEYS)).toEqual({ ok: true, status: 200, contactId: undefined });
    expect((await sandbox.calls()).map((call) => [call.endpoint, call.body])).toEqual([
      ['optin', optin],
      ['getCustomers', { app_id: 'app-1', limit: 1 }],
    ]);
  });

  it('wrong keys are a permanent unauthorized', async () => {
    const sandbox = await startTestSandbox();
    const gleantap = client(sandbox.url);
    const wrong = { apiKey: TEST_KEYS.apiKey, secretKey: 'wrong' };
    const expected = { ok: false, retryable: false, reason: 'unauthorized', status: 401, retryAfterMs: undefined, message: 'Invalid API credentials' };
    expect(await gleantap.newContact(contact, wrong)).toEqual(expected);
    expect(await gleantap.probe('app-1', wrong)).toEqual(expected);
  });

  it('an injected 500 is a retryable http_5xx', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.fault({ mode: 'error', status: 500 });
    expect(await client(sandbox.url).newContact(contact, TEST_KEYS)).toEqual({
      ok: false,
      retryable: true,
      reason: 'http_5xx',
      status: 500,
      retryAfterMs: undefined,
      message: 'Sandbox fault: injected HTTP 500',
    });
  });

  it('a 429 with Retry-After: 2 is retryable after 2000 ms', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.fault({ mode: '429', retryAfter: 2 });
    expect(await client(sandbox.url).newContact(contact, TEST_KEYS)).toEqual({
      ok: false,
      retryable: true,
      reason: 'http_429',
      status: 429,
      retryAfterMs: 2000,
      message: 'Too many requests',
    });
  });

  it('no answer within the headers timeout is a retryable timeout', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.fault({ mode: 'timeout' });
    const outcome = await client(sandbox.url, { headersTimeoutMs: 300 }).newContact(contact, TEST_KEYS);
    expect(outcome).toEqual({ ok: false, retryable: true, reason: 'timeout', status: undefined, retryAfterMs: undefined });
  });

  it('hitting the whole-call cap is a retryable timeout', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.fault({ mode: 'timeout', phase: 'after' });
    const outcome = await client(sandbox.url, { totalTimeoutMs: 300 }).newContact(contact, TEST_KEYS);
    expect(outcome).toEqual({ ok: false, retryable: true, reason: 'timeout', status: undefined, retryAfterMs: undefined });
    expect(await sandbox.contacts()).toHaveLength(1); // the ambiguous case: stored, yet a retry is right
  });

  it('a reset connection is a retryable connection_reset', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.fault({ mode: 'reset' });
    expect(await client(sandbox.url).newContact(contact, TEST_KEYS)).toEqual({
      ok: false,
      retryable: true,
      reason: 'connection_reset',
      status: undefined,
      retryAfterMs: undefined,
    });
  });

  it('a 400 (missing last_name) is a permanent rejected', async () => {
    const sandbox = await startTestSandbox();
    const { last_name: _omitted, ...invalid } = contact;
    // The cast stands in for a body built wrongly upstream: the client must not throw on it.
    const outcome = await client(sandbox.url).newContact(invalid as typeof contact, TEST_KEYS);
    expect(outcome).toEqual({ ok: false, retryable: false, reason: 'rejected', status: 400, retryAfterMs: undefined, message: expect.stringMatching(/^Invalid request: last_name/) });
  });

  it('keeps the pooled connection usable after failures and successes in a row', async () => {
    const sandbox = await startTestSandbox();
    const gleantap = client(sandbox.url);
    await sandbox.fault({ mode: 'error', status: 503 });
    expect(await gleantap.newContact(contact, TEST_KEYS)).toMatchObject({ ok: false, reason: 'http_5xx' });
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
    for (let i = 0; i < 3; i++) expect(await gleantap.newContact(contact, TEST_KEYS)).toMatchObject({ ok: true });
    expect(await sandbox.contacts()).toHaveLength(1);
  });
});

describe('Gleantap client against other servers', () => {
  it('a redirect is a permanent failure and its Location is never followed', async () => {
    const target = await tinyServer((_req, res) => res.end('{"status":"success","_id":"abc"}'));
    const redirecting = await tinyServer((_req, res) => {
      res.writeHead(302, { location: `${target.url}/v2/ExternalApi/newContact` }).end();
    });
    const outcome = await client(redirecting.url).newContact(contact, TEST_KEYS);
    expect(outcome).toEqual({ ok: false, retryable: false, reason: 'redirect', status: 302, retryAfterMs: undefined });
    expect(redirecting.requests).toHaveLength(1);
    expect(target.requests).toHaveLength(0);
  });

  it('a closed port is a retryable connection failure', async () => {
    // Borrow a free port from the OS, then give it back so nothing listens there.
    const borrowed = createServer();
    await new Promise<void>((resolve) => borrowed.listen(0, '127.0.0.1', resolve));
    const port = (borrowed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => borrowed.close(() => resolve()));
    const outcome = await client(`http://127.0.0.1:${port}`).newContact(contact, TEST_KEYS);
    expect(outcome).toEqual({ ok: false, retryable: true, reason: 'connection_failed', status: undefined, retryAfterMs: undefined });
  });

  it('joins a base URL with a path prefix and sends the keys and JSON content type', async () => {
    const server = await tinyServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success","_id":"c-1"}'));
    const outcome = await client(`${server.url}/gleantap/`).newContact(contact, TEST_KEYS);
    expect(outcome).toEqual({ ok: true, status: 200, contactId: 'c-1' });
    const [req] = server.requests;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/gleantap/v2/ExternalApi/newContact');
    expect(req?.headers).toMatchObject({
      'content-type': 'application/json',
      'x-api-key': TEST_KEYS.apiKey,
      'x-secret-key': TEST_KEYS.secretKey,
    });
  });

  it('a 2xx with a body that is not JSON confirms nothing: unconfirmed, retried', async () => {
    const server = await tinyServer((_req, res) => res.writeHead(201, { 'content-type': 'text/html' }).end('<p>ok</p>'));
    expect(await client(server.url).newContact(contact, TEST_KEYS)).toEqual({ ok: false, retryable: true, reason: 'unconfirmed', status: 201, retryAfterMs: undefined });
  });

  it('a 2xx whose body stalls is unconfirmed and retried (newContact upserts), but an optin counts as sent', async () => {
    const server = await tinyServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"status":"succ'); // and never finish
    });
    const gleantap = client(server.url, { headersTimeoutMs: 300 });
    expect(await gleantap.newContact(contact, TEST_KEYS)).toEqual({ ok: false, retryable: true, reason: 'unconfirmed', status: 200, retryAfterMs: undefined });
    expect(await gleantap.optin(optin, TEST_KEYS)).toEqual({ ok: true, status: 200, contactId: undefined });
  });

  it('a 2xx whose body resets mid-way is unconfirmed', async () => {
    const server = await tinyServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '64' });
      res.write('{"status":"success","_i', () => res.socket?.resetAndDestroy());
    });
    expect(await client(server.url).newContact(contact, TEST_KEYS)).toMatchObject({ ok: false, retryable: true, reason: 'unconfirmed', status: 200 });
  });

  it('a 200 {"status":"error"} is a permanent refusal with its message', async () => {
    const server = await tinyServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"error","message":"Invalid app_id"}'));
    const gleantap = client(server.url);
    const refused = { ok: false, retryable: false, reason: 'rejected', status: 200, retryAfterMs: undefined, message: 'Invalid app_id' };
    expect(await gleantap.newContact(contact, TEST_KEYS)).toEqual(refused);
    expect(await gleantap.probe('app-1', TEST_KEYS)).toEqual(refused);
  });

  it('a 503 with an HTTP-date Retry-After is retryable after the time until that date', async () => {
    const server = await tinyServer((_req, res) => res.writeHead(503, { 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }).end('down'));
    const gleantap = client(server.url, { now: () => new Date('2025-01-01T00:00:00Z') });
    expect(await gleantap.newContact(contact, TEST_KEYS)).toEqual({
      ok: false,
      retryable: true,
      reason: 'http_5xx',
      status: 503,
      retryAfterMs: 30_000,
    });
  });

  it('a 408 is retryable and a 403 is a permanent unauthorized', async () => {
    let status = 408;
    const server = await tinyServer((_req, res) => res.writeHead(status).end());
    const gleantap = client(server.url);
    expect(await gleantap.newContact(contact, TEST_KEYS)).toMatchObject({ ok: false, retryable: true, reason: 'http_408', status: 408 });
    status = 403;
    expect(await gleantap.newContact(contact, TEST_KEYS)).toMatchObject({ ok: false, retryable: false, reason: 'unauthorized', status: 403 });
  });

  it('refuses a base URL with credentials or a query', () => {
    expect(() => createGleantapClient({ baseUrl: 'https://user:pw@api.example.com', connectTimeoutMs: 1, headersTimeoutMs: 1, totalTimeoutMs: 1 })).toThrow(/credentials/);
    expect(() => createGleantapClient({ baseUrl: 'https://api.example.com/?a=1', connectTimeoutMs: 1, headersTimeoutMs: 1, totalTimeoutMs: 1 })).toThrow(/query/);
  });
});
