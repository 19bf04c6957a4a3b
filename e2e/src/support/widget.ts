import type { BrowserContext, Locator, Page, Request } from 'playwright';

/** A visitor's answers for the `trial` form. */
export interface Visitor {
  readonly first_name: string;
  readonly last_name: string;
  readonly email: string;
  readonly phone?: string;
  readonly goal?: string;
  readonly sms?: boolean;
}

let counter = 0;
/** A visitor with a unique email, so each test finds exactly its own contact. */
export function visitor(tag: string, extra: Partial<Visitor> = {}): Visitor {
  counter += 1;
  const unique = `${tag}-${process.pid}-${Date.now().toString(36)}-${counter}`;
  return { first_name: 'Ada', last_name: 'Lovelace', email: `${unique}@example.com`, ...extra };
}

/** The script tag an owner pastes, pointing at the proxy. */
export function scriptTag(proxyUrl: string, attributes = 'data-form="trial"'): string {
  return `<script src="${proxyUrl}/widget.js" ${attributes} async></script>`;
}

/**
 * Locators inside one widget. Playwright's CSS engine pierces open shadow roots, so `#gc-email`
 * under the host finds the input in its shadow tree.
 */
export function widgetIn(scope: Page | Locator) {
  return {
    input: (name: string) => scope.locator(`#gc-${name}`),
    error: (name: string) => scope.locator(`#gc-${name}-e`),
    consent: (kind: string) => scope.locator(`#gc-consent-${kind}`),
    submit: () => scope.locator('button[part=button]'),
    retry: () => scope.locator('button[part=retry]'),
    notice: () => scope.locator('[part=notice]'),
    success: () => scope.locator('[part=success]'),
    live: () => scope.locator('[part=status]'),
  };
}

/** Types the visitor's answers the way a person would (real key events, so `input` fires). */
export async function fillTrial(scope: Page | Locator, answers: Visitor): Promise<void> {
  const form = widgetIn(scope);
  await form.input('first_name').fill(answers.first_name);
  await form.input('last_name').fill(answers.last_name);
  await form.input('email').fill(answers.email);
  if (answers.phone !== undefined) await form.input('phone').fill(answers.phone);
  if (answers.goal !== undefined) await form.input('goal').selectOption(answers.goal);
  if (answers.sms) await form.consent('sms').check();
}

const EVENTS_KEY = 'gleantap-e2e-events';

/**
 * Records every `gleantap:*` event reaching `document` (they are composed and bubble). Kept
 * under a Symbol so the page gets no new named global from the test itself.
 */
export async function recordWidgetEvents(context: BrowserContext): Promise<void> {
  await context.addInitScript((key: string) => {
    const seen: Array<{ type: string; detail: unknown }> = [];
    Object.defineProperty(window, Symbol.for(key), { value: seen });
    for (const name of ['ready', 'submit', 'success', 'error']) {
      document.addEventListener(`gleantap:${name}`, (event) => seen.push({ type: name, detail: (event as CustomEvent).detail }));
    }
  }, EVENTS_KEY);
}

export interface WidgetEvent {
  readonly type: string;
  readonly detail: Record<string, unknown>;
}

export function widgetEvents(page: Page): Promise<WidgetEvent[]> {
  return page.evaluate((key) => (window as unknown as Record<symbol, WidgetEvent[]>)[Symbol.for(key)] ?? [], EVENTS_KEY);
}

/** Every request the page makes from now on, in order (the browser's own favicon fetch aside). */
export function recordRequests(page: Page): Request[] {
  const seen: Request[] = [];
  page.on('request', (request) => {
    if (!request.url().endsWith('/favicon.ico')) seen.push(request);
  });
  return seen;
}

/** The status of every answer to a submission of `formId` from now on, in order. */
export function recordSubmissionStatuses(page: Page, formId: string): number[] {
  const statuses: number[] = [];
  page.on('response', (response) => {
    if (response.url().endsWith(`/v1/forms/${formId}/submissions`)) statuses.push(response.status());
  });
  return statuses;
}

/** `METHOD url` of each request, for readable assertions. */
export function describeRequests(requests: readonly Request[]): string[] {
  return requests.map((request) => `${request.method()} ${request.url()}`);
}
