import { post } from './harness.ts';
import { lead } from './outbox-fixtures.ts';

/** How one submission ended for the visitor. */
export interface StreamAnswer {
  readonly id: string;
  readonly status: number;
  /** Date.now() when the answer arrived. */
  readonly at: number;
}

/** A visitor population posting a stream of distinct leads, each retried with the same id until answered 2xx. */
export interface SubmitStream {
  /** Requests currently on the wire. */
  outstanding(): number;
  /** Submissions begun so far (each counts once, however often it was retried). */
  started(): number;
  /** 2xx answers so far. */
  answers(): readonly StreamAnswer[];
  /** Answers other than 2xx/409 and connection errors; a correct proxy gives none. */
  unexpected(): readonly string[];
  /** Resolves when every submission has been answered 2xx (or the stream was stopped). */
  readonly finished: Promise<void>;
  stop(): void;
}

/**
 * Starts `clients` concurrent visitors posting `total` leads to whatever `url()` says now (it
 * changes when the proxy restarts). Like the widget they keep one id per lead: a connection
 * error is retried with the same id, a 409 after its Retry-After.
 */
export function startSubmitStream(options: { url: () => string; total: number; clients: number; tag: string; random: () => number }): SubmitStream {
  let next = 0;
  let inFlight = 0;
  let stopped = false;
  const answers: StreamAnswer[] = [];
  const unexpected: string[] = [];
  const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

  async function submitOne(index: number): Promise<void> {
    const body = lead(`${options.tag}-${index}`);
    while (!stopped) {
      inFlight += 1;
      let status: number | undefined;
      try {
        const response = await post(options.url(), body);
        status = response.status;
        await response.arrayBuffer();
      } catch {
        status = undefined; // the proxy died or is restarting: try again with the same id
      } finally {
        inFlight -= 1;
      }
      if (status === 201 || status === 202) {
        answers.push({ id: body.id, status, at: Date.now() });
        return;
      }
      if (status === 409) await pause(1000);
      else if (status === undefined) await pause(30 + Math.floor(options.random() * 70));
      else {
        unexpected.push(`${body.id}: ${status}`);
        return;
      }
    }
  }

  async function visitor(): Promise<void> {
    while (!stopped && next < options.total) await submitOne(next++);
  }

  const finished = Promise.all(Array.from({ length: options.clients }, visitor)).then(() => undefined);
  return {
    outstanding: () => inFlight,
    started: () => next,
    answers: () => answers,
    unexpected: () => unexpected,
    finished,
    stop() {
      stopped = true;
    },
  };
}

/** mulberry32: a tiny seeded PRNG, so a failing schedule can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
