/** How one lead ended for its visitor. */
export interface Answer {
  readonly id: string;
  readonly status: number;
  /** Date.now() when the answer arrived. */
  readonly at: number;
}

/** Visitors posting distinct leads, each retried with the same id until answered 2xx. */
export interface LeadStream {
  outstanding(): number;
  started(): number;
  answers(): readonly Answer[];
  /** Answers other than 2xx/409 and connection errors; a correct proxy gives none. */
  unexpected(): readonly string[];
  readonly finished: Promise<void>;
  stop(): void;
}

const ORIGIN = 'https://www.example-gym.com';

/**
 * Starts `clients` visitors posting `total` leads to the default form at `url`. Like the widget
 * they keep one id per lead: a connection error (the container is dead or restarting) is
 * retried with the same id, a 409 after a pause.
 */
export function startLeadStream(options: { url: string; total: number; clients: number; tag: string }): LeadStream {
  let next = 0;
  let inFlight = 0;
  let stopped = false;
  const answers: Answer[] = [];
  const unexpected: string[] = [];
  const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

  async function submitOne(index: number): Promise<void> {
    const id = crypto.randomUUID();
    const lead = { id, fields: { first_name: `Ada${index}`, last_name: 'Lovelace', email: `ada.${options.tag}-${index}@example.com` } };
    while (!stopped) {
      inFlight += 1;
      let status: number | undefined;
      try {
        // A fresh form token per attempt, as the widget gets it; a retry of a stored id replays whatever its token.
        const definition = await fetch(`${options.url}/v1/forms/default`, { headers: { origin: ORIGIN }, signal: AbortSignal.timeout(20_000) });
        const { token } = (await definition.json()) as { token?: string };
        const body = JSON.stringify({ ...lead, token });
        const response = await fetch(`${options.url}/v1/forms/default/submissions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: ORIGIN },
          body,
          signal: AbortSignal.timeout(20_000),
        });
        status = response.status;
        await response.arrayBuffer();
      } catch {
        status = undefined;
      } finally {
        inFlight -= 1;
      }
      if (status === 201 || status === 202) {
        answers.push({ id, status, at: Date.now() });
        return;
      }
      if (status === 409) await pause(1000);
      else if (status === undefined) await pause(100);
      else {
        unexpected.push(`${id}: ${status}`);
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
