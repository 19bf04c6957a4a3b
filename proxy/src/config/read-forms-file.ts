import type { ConfigProblem } from './config.ts';
import { problem } from './problems.ts';

/** The forms file's JSON, or the one problem that stopped it being read. */
export type ReadFormsFileResult = { readonly ok: true; readonly json: unknown } | { readonly ok: false; readonly problem: ConfigProblem };

/**
 * Reads and JSON-parses the forms file. `shownPath` is the path as the owner wrote it in
 * CAPTURE_CONFIG, so the message points at what they typed; `path` is what gets opened.
 */
export function readFormsFile(shownPath: string, path: string, readFile: (path: string) => string): ReadFormsFileResult {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    return { ok: false, problem: problem('CAPTURE_CONFIG', `cannot read ${shownPath} (${osReason(error)})`) };
  }
  try {
    // Editors on Windows like to save a byte-order mark, which JSON.parse refuses.
    return { ok: true, json: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
  } catch (error) {
    return { ok: false, problem: problem('CAPTURE_CONFIG', `${shownPath} is not valid JSON (${error instanceof Error ? error.message : String(error)})`) };
  }
}

function osReason(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (error instanceof Error) return error.message;
  }
  return String(error);
}
