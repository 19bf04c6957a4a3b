import { Agent, request, type Dispatcher } from 'undici';
import type { NewContactBody, OptinBody } from '@gleantap-capture/shared';
import { classify } from './classify.ts';
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

/** Only a 2xx body is read (for `_id`); anything bigger than this is not an answer we use. */
const MAX_SUCCESS_BODY_BYTES = 64 * 1024;

async function readCapped(body: Dispatcher.ResponseData['body']): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    // Leaving the loop destroys the stream; the connection is dropped rather than drained.
    if (size > MAX_SUCCESS_BODY_BYTES) return undefined;
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
  const agent = new Agent({ connect: { timeout: options.connectTimeoutMs } });

  async function post(url: URL, body: unknown, keys: GleantapKeys): Promise<DeliveryOutcome> {
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
      return classify({ kind: 'error', error }, now());
    }
    const { statusCode: status, headers } = response;
    let text: string | undefined;
    if (status >= 200 && status < 300) {
      // Once a 2xx status has arrived Gleantap has acted; a body that then fails to arrive
      // must not turn that into a retry (optin would send a second SMS).
      text = await readCapped(response.body).catch(() => undefined);
    } else {
      // Always consume the body so the pooled connection can be reused (or is dropped).
      await response.body.dump().catch(() => undefined);
    }
    return classify({ kind: 'response', status, headers, body: text }, now());
  }

  return {
    newContact: (body, keys) => post(urls.newContact, body, keys),
    optin: (body, keys) => post(urls.optin, body, keys),
    probe: (appId, keys) => post(urls.getCustomers, { app_id: appId, limit: 1 }, keys),
    close: () => agent.close(),
    destroy: () => agent.destroy(),
  };
}
