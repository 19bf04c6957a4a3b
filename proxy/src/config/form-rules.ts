import type { FormConfig } from '@gleantap-capture/shared';
import type { ConfigProblem, ResolvedField } from './config.ts';
import { problem } from './problems.ts';
import { reservedReason } from './reserved-names.ts';

const isRequired = (fields: readonly ResolvedField[], name: string) => fields.some((field) => field.name === name && field.required);

/**
 * Every form requires email or phone: Gleantap matches contacts on them (docs/contract.md §5), so
 * without either a retried submission could create a duplicate contact.
 */
export function checkContactKey(fields: readonly ResolvedField[], formPath: string, problems: ConfigProblem[]): void {
  if (!isRequired(fields, 'email') && !isRequired(fields, 'phone')) {
    problems.push(problem(`${formPath}.fields`, 'the form must require email or phone: Gleantap matches contacts on them, so without either a retried submission could create a duplicate contact'));
  }
}

/** The fields Gleantap's newContact requires besides app_id (Gleantap's API; see docs/contract.md §5). */
const CONTACT_NAME_FIELDS = ['first_name', 'last_name'] as const;

/**
 * Gleantap refuses a newContact body without first_name and last_name, so a form that lets a
 * visitor leave either out would accept leads that can never be delivered.
 */
export function checkContactNames(fields: readonly ResolvedField[], formPath: string, problems: ConfigProblem[]): void {
  for (const name of CONTACT_NAME_FIELDS) {
    const index = fields.findIndex((field) => field.name === name);
    if (index === -1) {
      problems.push(problem(`${formPath}.fields`, `Gleantap requires ${name} on every contact: add {"name":"${name}","required":true}`));
    } else if (!fields[index]?.required) {
      problems.push(problem(`${formPath}.fields`, `Gleantap requires ${name} on every contact: make it required ({"name":"${name}","required":true})`));
    }
  }
}

/** `userId` names a field that is always filled in, or some contacts would match on it and others not. */
export function checkUserId(form: Pick<FormConfig, 'userId'>, fields: readonly ResolvedField[], formPath: string, problems: ConfigProblem[]): void {
  if (form.userId !== undefined && !isRequired(fields, form.userId)) {
    problems.push(problem(`${formPath}.userId`, `"${form.userId}" must be a declared, required field: its value is sent as Gleantap user_id`));
  }
}

/** SMS double opt-in runs only where Gleantap's optin call gets everything it requires. */
export function checkDoubleOptin(form: Pick<FormConfig, 'userId' | 'consent'>, fields: readonly ResolvedField[], formPath: string, problems: ConfigProblem[]): void {
  if (form.consent?.sms?.mode !== 'double-optin') return;
  const missing = [...(isRequired(fields, 'email') ? [] : ['email required']), ...(isRequired(fields, 'phone') ? [] : ['phone required']), ...(form.userId === undefined ? ['userId set'] : [])];
  if (missing.length > 0) {
    problems.push(problem(`${formPath}.consent.sms.mode`, `"double-optin" needs Gleantap's optin call to have email, phone and user_id; this form lacks: ${missing.join(', ')}`));
  }
}

/** Context attributes must be free custom attribute names that nothing else on the form writes. */
export function checkContextAttributes(form: Pick<FormConfig, 'contextAttributes'>, customFields: readonly string[], formPath: string, problems: ConfigProblem[]): void {
  const custom = new Set(customFields.map((name) => name.toLowerCase()));
  const targets = new Map<string, string>();
  for (const [key, attribute] of Object.entries(form.contextAttributes ?? {})) {
    if (attribute === undefined) continue;
    const path = `${formPath}.contextAttributes.${key}`;
    const lower = attribute.toLowerCase();
    const reserved = reservedReason(attribute);
    if (reserved !== undefined) problems.push(problem(path, reserved));
    else if (custom.has(lower)) problems.push(problem(path, `"${attribute}" is also a custom field of this form; one would overwrite the other`));
    const other = targets.get(lower);
    if (other !== undefined) problems.push(problem(path, `"${attribute}" is also the target of contextAttributes.${other}`));
    else targets.set(lower, key);
  }
}
