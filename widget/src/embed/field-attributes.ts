/** `data-field-<name>="…"` on a script tag or mount point: values for the form's hidden fields. */
export function fieldAttributes(element: Element): Record<string, string> {
  const values: Record<string, string> = {};
  for (const { name, value } of element.attributes) if (name.startsWith('data-field-')) values[name.slice(11)] = value;
  return values;
}
