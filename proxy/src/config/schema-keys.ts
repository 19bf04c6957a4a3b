import type * as z from 'zod/mini';

interface Def {
  readonly type: string;
  readonly shape?: Record<string, z.core.$ZodType>;
  readonly innerType?: z.core.$ZodType;
  readonly in?: z.core.$ZodType;
  readonly element?: z.core.$ZodType;
  readonly keyType?: z.core.$ZodType;
  readonly valueType?: z.core.$ZodType;
  readonly entries?: Record<string, string>;
}

const defOf = (schema: z.core.$ZodType): Def => schema._zod.def as unknown as Def;

/** Looks through wrappers (optional, nullable, default, pipe) to the schema that holds keys. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (let depth = 0; depth < 16; depth++) {
    const def = defOf(current);
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (inner === undefined) return current;
    current = inner;
  }
  return current;
}

/**
 * The keys an object schema accepts at `path` inside `root` (for a record with enum keys, the
 * enum's values), so an unknown key can be answered with the nearest known one. Empty when the
 * path leads nowhere that has a fixed set of keys.
 */
export function knownKeysAt(root: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  let schema: z.core.$ZodType | undefined = root;
  for (const segment of path) {
    if (schema === undefined) return [];
    const def = defOf(unwrap(schema));
    if (def.type === 'object') schema = def.shape?.[String(segment)];
    else if (def.type === 'record') schema = def.valueType;
    else if (def.type === 'array') schema = def.element;
    else return [];
  }
  if (schema === undefined) return [];
  const def = defOf(unwrap(schema));
  if (def.type === 'object') return Object.keys(def.shape ?? {});
  if (def.type === 'record' && def.keyType !== undefined) {
    const keyDef = defOf(unwrap(def.keyType));
    if (keyDef.type === 'enum') return Object.values(keyDef.entries ?? {});
  }
  return [];
}
