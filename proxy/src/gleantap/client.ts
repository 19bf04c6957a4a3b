import type { NewContactBody, OptinBody } from '@gleantap-capture/shared';
import { Agent, type Dispatcher, request } from 'undici';
import { classify, type Endpoint } from './classify.ts';
import type { DeliveryOutcome } from './delivery-outcome.ts';
import { joinUrl } from './join-url.ts';

/** Timeouts and address of the Gleantap API; `now` reads the clock for Retry-After dates. */
export interface GleantapClientOptions {
  readonly baseUrl: string;
  readonly connectTimeoutMs: number;
  /** Wait for response headers, and the longest pause allowed between body chunks. */
  readonly headersTimeoutMs: number;
  /** Cap on one whole call, connect to last body byte. */
  readonly totalTimeoutMs: number;
  readonly now?: () => Date;
}

/** The keys of one Gleantap account, resolved at delivery time. */
export interface GleantapKeys {
  readonly apiKey: string;
  readonly secretKey: string;
}

/** Calls to Gleantap's External API; every call resolves to a classified outcome, never throws. */
export interface GleantapClient {
  newContact(body: NewContactBody, keys: GleantapKeys): Promise<DeliveryOutcome>;
  /** Sends a double-opt-in SMS: callers must not retry it blindly. */
  optin(body: OptinBody, keys: GleantapKeys): Promise<DeliveryOutcome>;
  /** A harmless authenticated call (`getCustomers`, limit 1) to check the keys and the app id. */
  probe(appId: string, keys: GleantapKeys): Promise<DeliveryOutcome>;
  /** Closes pooled connections once in-flight calls finish. */
  close(): Promise<void>;
  /** Aborts in-flight calls (they resolve as failures) and closes the pool; for a bounded shutdown. */
  destroy(): Promise<void>;
}

/** Open connections to Gleantap at most; further calls wait for a free one. */
export const MAX_CONNECTIONS = 32;
/** How long an idle connection is kept for the next call. */
const KEEP_ALIVE_MS = 4_000;

/** Bodies are read for `status`, `_id` and `message`; anything bigger is not an answer we use. */
const MAX_BODY_BYTES = 64 * 1024;

async function readCapped(body: Dispatcher.ResponseData['body']): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    // Leaving the loop destroys the stream; the connection is dropped rather than drained.
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Creates a client with its own keep-alive pool. */
export function createGleantapClient(options: GleantapClientOptions): GleantapClient {
  const now = options.now ?? ((): Date => new Date());
  const urls = {
    newContact: joinUrl(options.baseUrl, 'v2/ExternalApi/newContact'),
    optin: joinUrl(options.baseUrl, 'v2/ExternalApi/optin'),
    getCustomers: joinUrl(options.baseUrl, 'v2/ExternalApi/getCustomers'),
  };
  // The connect timeout belongs to the pool's connector; undici has no per-request knob for it.
  // undici's request() never follows redirects unless a redirect interceptor is added, and none is.
  const agent = new Agent({
    connect: { timeout: options.connectTimeoutMs },
    // Keep-alive: calls reuse warm connections instead of a TCP (and TLS) handshake per lead. A
    // bounded pool: a burst of inline deliveries queues for a socket rather than opening
    // hundreds; the outbox worker's own concurrency stays far below it.
    connections: MAX_CONNECTIONS,
    // An idle socket is dropped before a typical server drops it (Node 5 s, nginx 75 s), so a
    // call never races the server's close of the connection it was given.
    keepAliveTimeout: KEEP_ALIVE_MS,
    keepAliveMaxTimeout: KEEP_ALIVE_MS,
  });

  async function post(endpoint: Endpoint, url: URL, body: unknown, keys: GleantapKeys): Promise<DeliveryOutcome> {
    const rules = { endpoint, secrets: [keys.apiKey, keys.secretKey] };
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        dispatcher: agent,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'x-api-key': keys.apiKey,
          'x-secret-key': keys.secretKey,
        },
        body: JSON.stringify(body),
        headersTimeout: options.headersTimeoutMs,
        bodyTimeout: options.headersTimeoutMs,
        signal: AbortSignal.timeout(options.totalTimeoutMs),
      });
    } catch (error) {
      return classify({ kind: 'error', error }, now(), rules);
    }
    const { statusCode: status, headers } = response;
    // Every body is read (capped), so the pooled connection can be reused or is dropped. A body
    // that fails to arrive is `undefined`: classify decides what that means for a 2xx.
    const text = await readCapped(response.body).catch(() => undefined);
    return classify({ kind: 'response', status, headers, body: text }, now(), rules);
  }

  return {
    newContact: (body, keys) => post('newContact', urls.newContact, body, keys),
    optin: (body, keys) => post('optin', urls.optin, body, keys),
    probe: (appId, keys) => post('probe', urls.getCustomers, { app_id: appId, limit: 1 }, keys),
    close: () => agent.close(),
    destroy: () => agent.destroy(),
  };
}
