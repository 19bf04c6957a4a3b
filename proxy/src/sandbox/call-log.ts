import type { IncomingHttpHeaders } from 'node:http';

/** One request the sandbox received on `/v2/*`, as `GET /_sandbox/calls` shows it. */
export interface RecordedCall {
  /** `newContact`, `optin`, `getCustomers`, or the unknown path that was called. */
  readonly endpoint: string;
  readonly method: string;
  /** ISO time the request arrived. */
  readonly at: string;
  /** The status answered, or null while unanswered or when the fault never answered. */
  status: number | null;
  /** The parsed JSON body, or null when there was none or it was not JSON. */
  body: unknown;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** Headers whose values are secrets; their names stay visible so tests can see they were sent. */
const SECRET_HEADERS: ReadonlySet<string> = new Set(['x-api-key', 'x-secret-key', 'authorization', 'proxy-authorization', 'cookie']);

/** The headers of a request with every secret value replaced by `"[redacted]"`. */
export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string | string[] | undefined> {
  const copy: Record<string, string | string[] | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    copy[name] = SECRET_HEADERS.has(name.toLowerCase()) ? '[redacted]' : value;
  }
  return copy;
}

/** The ordered log of calls received. */
export interface CallLog {
  /** Appends a call and returns the live record so its body and status can be filled in later. */
  start(call: Omit<RecordedCall, 'status' | 'body'>): RecordedCall;
  all(): RecordedCall[];
  clear(): void;
}

/** Creates an empty call log. */
export function createCallLog(): CallLog {
  let calls: RecordedCall[] = [];
  return {
    start(call) {
      const record: RecordedCall = { ...call, status: null, body: null };
      calls.push(record);
      return record;
    },
    all() {
      return calls.map((call) => ({ ...call }));
    },
    clear() {
      // A fresh array, so a record still being filled in by an in-flight request cannot reappear.
      calls = [];
    },
  };
}
