import type { Response } from 'express';

/** What a vendor endpoint decided to answer, before any `phase: "after"` fault gets its say. */
export interface VendorAnswer {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
}

/** The vendor's error shape: `{"status":"error","message":"…"}`. */
export function vendorError(status: number, message: string): VendorAnswer {
  return { status, body: { status: 'error', message } };
}

/** Writes an answer unless the client has already gone (a slow fault can outlive the socket). */
export function sendAnswer(res: Response, answer: VendorAnswer): void {
  if (res.headersSent || res.destroyed) return;
  res.status(answer.status).json(answer.body);
}
