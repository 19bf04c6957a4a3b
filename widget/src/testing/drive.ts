/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined | null | false, timeoutMs = 2000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() - started > timeoutMs) throw new Error('waitFor: condition not met');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Types into an input the way a browser reports it: value, then an `input` event. */
export function type(element: Element | null | undefined, value: string): void {
  const input = element as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Moves focus away from a field. */
export function blur(element: Element | null | undefined): void {
  (element as HTMLElement).dispatchEvent(new FocusEvent('blur'));
  (element as HTMLElement).dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
}
