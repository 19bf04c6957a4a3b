import type { Logger } from 'pino';
import { type Dispatcher, request } from 'undici';
import { SIGNATURE_HEADER, signatureHeader } from './sign.ts';

/** How one webhook's messages are sent; every limit is small and fixed, tests shorten them. */
export interface QueueLimits {
  /** Messages waiting per webhook; beyond it the oldest is dropped. */
  readonly maxQueued: number;
  /** Tries per message, the first included. */
  readonly maxAttempts: number;
  /** First retry delay (real time), doubled per try. */
  readonly retryBaseMs: number;
  /** Cap on one whole request (connect, headers, body). */
  readonly timeoutMs: number;
}

export interface WebhookTarget {
  readonly url: string;
  /** Position in `alerts.webhooks`: what logs name it by, with its host (the URL may be a secret). */
  readonly index: number;
  readonly secret: string | undefined;
}

/** One webhook's bounded queue, sent one message at a time. */
export interface WebhookQueue {
  push(body: string): void;
  readonly size: () => number;
  /** Settles when the queue is empty (or stopped). */
  idle(): Promise<void>;
  /** Aborts the request in flight and the retry wait; what is still queued is dropped and counted. */
  stop(): number;
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** 2xx sent; 408, 429, 5xx and transport failures retried; other answers refused for good. */
type Outcome = { readonly sent: true } | { readonly sent: false; readonly retry: boolean; readonly status: number | null; readonly error: string };

export function createWebhookQueue(target: WebhookTarget, limits: QueueLimits, deps: { readonly dispatcher: Dispatcher; readonly logger: Logger; readonly now: () => Date }): WebhookQueue {
  const queue: string[] = [];
  const stopper = new AbortController();
  const waiters: Array<() => void> = [];
  const host = URL.canParse(target.url) ? new URL(target.url).host : 'unknown';
  const where = { webhook: target.index, host };
  let dropped = 0;
  let pumping = false;

  async function post(body: string): Promise<Outcome> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'gleantap-capture-alerts' };
    if (target.secret !== undefined) headers[SIGNATURE_HEADER] = signatureHeader(target.secret, body, deps.now().getTime());
    try {
      const answer = await request(target.url, {
        method: 'POST',
        body,
        headers,
        dispatcher: deps.dispatcher,
        signal: AbortSignal.any([AbortSignal.timeout(limits.timeoutMs), stopper.signal]),
      });
      // Nothing in the answer matters but its status; reading it frees the connection.
      await answer.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
      const status = answer.statusCode;
      if (status >= 200 && status < 300) return { sent: true };
      return { sent: false, retry: status === 408 || status === 429 || status >= 500, status, error: `http_${status}` };
    } catch (error) {
      const code = (error as { code?: unknown; name?: unknown }).code ?? (error as { name?: unknown }).name;
      return { sent: false, retry: true, status: null, error: typeof code === 'string' ? code : 'request_failed' };
    }
  }

  async function pump(): Promise<void> {
    pumping = true;
    while (queue.length > 0 && !stopper.signal.aborted) {
      const body = queue[0] as string;
      let outcome: Outcome = { sent: false, retry: false, status: null, error: 'not_sent' };
      let attempt = 0;
      while (attempt < limits.maxAttempts && !stopper.signal.aborted) {
        attempt += 1;
        outcome = await post(body);
        if (outcome.sent || !outcome.retry || attempt >= limits.maxAttempts) break;
        await sleep(limits.retryBaseMs * 2 ** (attempt - 1), stopper.signal);
      }
      if (stopper.signal.aborted) break;
      // The queue may have dropped its head while this was in flight; remove this very message.
      const at = queue.indexOf(body);
      if (at !== -1) queue.splice(at, 1);
      if (!outcome.sent) deps.logger.warn({ ...where, attempts: attempt, status: outcome.status, error: outcome.error }, 'alert not delivered: the webhook failed, the alert is dropped');
    }
    pumping = false;
    for (const wake of waiters.splice(0)) wake();
  }

  return {
    push(body) {
      if (stopper.signal.aborted) return;
      queue.push(body);
      if (queue.length > limits.maxQueued) {
        // The head may be in flight: drop the oldest one waiting behind it.
        queue.splice(pumping ? 1 : 0, 1);
        dropped += 1;
        deps.logger.warn({ ...where, dropped, maxQueued: limits.maxQueued }, 'alert queue full: the oldest waiting alert is dropped');
      }
      if (!pumping) void pump();
    },
    size: () => queue.length,
    idle: () => (pumping ? new Promise<void>((resolve) => waiters.push(resolve)) : Promise.resolve()),
    stop() {
      stopper.abort();
      const left = queue.length;
      queue.length = 0;
      for (const wake of waiters.splice(0)) wake();
      return left;
    },
  };
}
