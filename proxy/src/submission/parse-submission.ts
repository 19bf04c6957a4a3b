import { isPlainRecord, Submission } from '@gleantap-capture/shared';
import * as z from 'zod/mini';
import { HttpError } from '../http/http-error.ts';
import { MAX_SUBMISSION_DEPTH, nestsDeeperThan } from './json-depth.ts';

/** A submission whose shape is valid and whose id is settled (from the body or the header). */
export type ParsedSubmission = Submission & { readonly id: string };

const Uuid = z.uuid();
// `fatal` makes invalid UTF-8 an error instead of silently becoming U+FFFD.
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes and shape-checks a raw body: strict UTF-8, JSON, an object of the submission
 * shape with no unknown keys, at most 16 levels deep, and exactly one id. Every failure is
 * `400 invalid_body`.
 */
export function parseSubmission(raw: Buffer, idempotencyKey: string | undefined): ParsedSubmission {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(raw));
  } catch {
    throw new HttpError('invalid_body');
  }
  // Too deep is a bad body before anything else looks at it, honeypot or not: the answer must
  // not depend on whether the bot filled the honeypot, and nothing later walks it recursively.
  if (!isPlainRecord(value) || nestsDeeperThan(value, MAX_SUBMISSION_DEPTH)) throw new HttpError('invalid_body');
  const parsed = Submission.safeParse(value);
  if (!parsed.success) throw new HttpError('invalid_body');

  const headerId = idempotencyKey?.trim().toLowerCase();
  if (headerId !== undefined && !Uuid.safeParse(headerId).success) throw new HttpError('invalid_body');
  const bodyId = parsed.data.id?.toLowerCase();
  if (headerId !== undefined && bodyId !== undefined && headerId !== bodyId) throw new HttpError('invalid_body');
  const id = bodyId ?? headerId;
  if (id === undefined) throw new HttpError('invalid_body');
  return { ...parsed.data, id };
}
