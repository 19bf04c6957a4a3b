import type { Field } from '../core/definition.ts';

/**
 * A hidden field's value from the embed, in its field's JSON type: `data-field-<name>` and the
 * URL give text, so `"3"` becomes 3 for a number, `"true"` a ticked checkbox, and `"a,b"` the
 * options of a multiselect. Undefined when the embed gives nothing.
 */
export function embedValue({ type }: Field, given: unknown): unknown {
  if (given == null || given === '') return undefined;
  if (typeof given !== 'string') return given;
  return type === 'number' ? Number(given) : type === 'checkbox' ? given === 'true' : type === 'multiselect' ? given.split(',') : given;
}
