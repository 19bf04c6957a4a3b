import type { Locator, Page } from 'playwright';
import { expect } from 'vitest';
import { OWNER } from './forms.ts';
import type { SandboxContact, Stack } from './stack.ts';
import { fillTrial, type Visitor, visitor, widgetIn } from './widget.ts';

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** What Gleantap must receive that only the owner decides: from config, never from the browser. */
export function expectOwnerValues(contact: SandboxContact): void {
  expect(contact).toMatchObject({
    app_id: OWNER.appId,
    source: OWNER.source,
    tags: OWNER.tags,
    tag_action: 'add',
    location: OWNER.location,
    type: OWNER.type,
    status: OWNER.status,
  });
}

export interface Submitted {
  readonly answers: Visitor;
  /** The submission id the proxy answered with. */
  readonly id: string;
  readonly status: number;
  readonly contact: SandboxContact;
}

/**
 * Fills the `trial` form in `scope` as a visitor, submits it, and checks what they see (the
 * thanks) and what the proxy answered (201 or 202 with the submission id); returns the
 * contact once it reached the sandbox.
 */
export async function submitTrial(page: Page, scope: Page | Locator, stack: Stack, tag: string, extra: Partial<Visitor> = {}): Promise<Submitted> {
  const answers = visitor(tag, extra);
  const form = widgetIn(scope);
  await fillTrial(scope, answers);
  const answered = page.waitForResponse((response) => response.url().endsWith('/v1/forms/trial/submissions') && response.request().method() === 'POST');
  await form.submit().click();
  const response = await answered;
  const status = response.status();
  expect([201, 202]).toContain(status);
  const body = (await response.json()) as { status: string; id: string };
  expect(body.id).toMatch(UUID_V4);
  await expect.poll(() => form.success().textContent()).toContain('Thanks!');
  const contact = await stack.contactFor(answers.email);
  expect(contact).toMatchObject({ first_name: answers.first_name, last_name: answers.last_name, email: answers.email, capture_submission_id: body.id });
  expectOwnerValues(contact);
  return { answers, id: body.id, status, contact };
}
