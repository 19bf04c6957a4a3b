const refuse = (): never => {
  throw new TypeError('the configuration is frozen');
};

/** A Map that refuses changes once built; `Object.freeze` alone leaves a Map's entries writable. */
export class FrozenMap<K, V> extends Map<K, V> {
  constructor(entries: Iterable<readonly [K, V]> = []) {
    super();
    // The overridden `set` refuses, so entries go in through Map's own method.
    for (const [key, value] of entries) Map.prototype.set.call(this, key, value);
    Object.freeze(this);
  }

  override set(): this {
    return refuse();
  }

  override delete(): boolean {
    return refuse();
  }

  override clear(): void {
    refuse();
  }
}

/** A Set that refuses changes once built. */
export class FrozenSet<T> extends Set<T> {
  constructor(values: Iterable<T> = []) {
    super();
    for (const value of values) Set.prototype.add.call(this, value);
    Object.freeze(this);
  }

  override add(): this {
    return refuse();
  }

  override delete(): boolean {
    return refuse();
  }

  override clear(): void {
    refuse();
  }
}

/** Secret values by variable name; `util.inspect` (console.log, a stray debug line) shows only the names. */
export class SecretMap extends FrozenMap<string, string> {
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `SecretMap(${this.size}) [${[...this.keys()].join(', ')}]`;
  }
}

/** Freezes a value and everything reachable from it: plain objects, arrays, Map values, Set members. */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Map) for (const item of value.values()) deepFreeze(item);
  else if (value instanceof Set) for (const item of value) deepFreeze(item);
  else for (const item of Object.values(value)) deepFreeze(item);
  return Object.freeze(value);
}
