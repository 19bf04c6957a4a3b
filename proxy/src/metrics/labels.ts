/** The label of anything that is not a configured form id or a route template. */
export const UNKNOWN = 'unknown';

const METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'OPTIONS', 'PUT', 'PATCH', 'DELETE']);

/**
 * A form label: the id when it is configured now, else `unknown`, so nothing a visitor typed
 * (or a form removed by a reload) can grow the label set.
 */
export function formLabel(known: () => ReadonlyMap<string, unknown>, formId: string | undefined): string {
  return formId !== undefined && known().has(formId) ? formId : UNKNOWN;
}

/** Standard methods by name; anything else a client sends is `other`. */
export function methodLabel(method: string | undefined): string {
  return method !== undefined && METHODS.has(method) ? method : 'other';
}
