import { isPlainRecord } from '@gleantap-capture/shared';
import type * as z from 'zod/mini';

/** The keys of an object that passed their own schema, and the names of those that did not. */
export interface Parts {
  readonly value: Record<string, unknown>;
  readonly invalid: ReadonlySet<string>;
}

/**
 * Parses each key of `raw` with its own schema from `shape`. Used only after the whole object
 * failed, so that the valid parts can still be checked: one typo should not hide the rest of
 * the problems. Problems themselves come from the whole-object parse, not from here.
 */
export function parseParts(shape: Readonly<Record<string, z.ZodMiniType>>, raw: unknown): Parts {
  const value: Record<string, unknown> = {};
  const invalid = new Set<string>();
  if (!isPlainRecord(raw)) return { value, invalid: new Set(Object.keys(shape)) };
  for (const [key, schema] of Object.entries(shape)) {
    if (raw[key] === undefined) continue;
    const result = schema.safeParse(raw[key]);
    if (result.success) value[key] = result.data;
    else invalid.add(key);
  }
  return { value, invalid };
}
