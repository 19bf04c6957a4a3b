/**
 * A submission is shallow: the body, `fields` or `consent`, a value or a grant, its members.
 * Anything nested deeper than this is not a submission, whatever else it is.
 */
export const MAX_SUBMISSION_DEPTH = 16;

/**
 * True when `value` nests objects or arrays more than `max` levels deep (the value itself is
 * level 1). Iterative, so a 16 KiB body of `[[[[…` cannot overflow the stack the way a
 * recursive walk does.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: Array<readonly [unknown, number]> = [[value, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, depth] = next;
    if (typeof item !== 'object' || item === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}
