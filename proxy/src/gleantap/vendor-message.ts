/** The longest vendor message kept; enough for any sentence Gleantap writes, bounded for the store. */
export const MAX_VENDOR_MESSAGE = 500;

// C0 and C1 controls, bidi overrides and isolates, zero-width and line/paragraph separators:
// a message is printed in a terminal and a log line, so nothing in it may move the cursor or
// reorder text.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

/**
 * Gleantap's `message` from a JSON answer body, made safe to store and print: unprintable
 * characters become spaces, runs of spaces one, any key value is scrubbed, at most 500 characters.
 * Undefined when the body is not a JSON object with a non-empty string `message`.
 */
export function vendorMessage(parsed: unknown, secrets: readonly string[] = []): string | undefined {
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const raw: unknown = (parsed as { message?: unknown }).message;
  if (typeof raw !== 'string') return undefined;
  let text = raw.replace(UNPRINTABLE, ' ');
  // An upstream that echoes a request header back must not get a key into the store or a log.
  for (const secret of secrets) if (secret.length >= 4) text = text.split(secret).join('[redacted]');
  text = text.replace(/\s+/g, ' ').trim();
  if (text === '') return undefined;
  return [...text].slice(0, MAX_VENDOR_MESSAGE).join('');
}

/** Parses a body as JSON, or undefined when it is absent or not JSON. */
export function parseJson(body: string | undefined): unknown {
  if (body === undefined || body === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
