import { CONTEXT_KEYS, type FieldValue, NewContactBody, type SubmissionConsent, type SubmissionContext } from '@gleantap-capture/shared';
import { type CountryCode, getExampleNumber } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { createFormRuntimes } from '../forms/form-runtime.ts';
import { buildContact } from '../submission/build-contact.ts';
import type { ConfigProblem, ResolvedField, ResolvedForm } from './config.ts';
import { childPath, problem } from './problems.ts';

// Fixed inputs: the check must give the same verdict on every start.
const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';
const SAMPLE_TIME = new Date('2000-01-01T00:00:00.000Z');

/**
 * A mobile number of the form's first allowed phone country (libphonenumber's own example), so
 * the check passes for any country list; a policy that refuses mobiles still gets a US number
 * and fails with `invalid_phone`, as real visitors would.
 */
function samplePhone(form: ResolvedForm): string {
  const [country] = form.bots.phone.countries;
  return getExampleNumber(country as CountryCode, examples)?.number ?? '+14155552671';
}

/** The shortest valid value of each input type, so a lowered maxLength alone never fails the check. */
function sampleValue(field: ResolvedField, form: ResolvedForm): FieldValue {
  switch (field.type) {
    case 'checkbox':
      return true;
    case 'number':
      return field.min ?? (field.max !== undefined && field.max < 0 ? field.max : 0);
    case 'multiselect':
      return field.options?.[0] === undefined ? [] : [field.options[0].value];
    case 'email':
      return 'a@b.co';
    case 'tel':
      return samplePhone(form);
    case 'date':
      return '2000-01-31';
    case 'select':
    case 'radio':
    case 'location':
      return field.options?.[0]?.value ?? '';
    default:
      return 'A';
  }
}

function sampleContext(locale: string): SubmissionContext {
  const context: Record<string, string> = {};
  for (const key of CONTEXT_KEYS) context[key] = key === 'locale' ? locale : key === 'page_url' || key === 'referrer' ? 'https://www.example.com/signup' : 'sample';
  return context as SubmissionContext;
}

/**
 * Start-up self-check: for every form, a synthetic submission that fills every declared field,
 * grants every consent and carries every context key goes through the same validator and
 * `buildContact` a real submission does, and the body must satisfy the shared NewContactBody
 * schema. A form that fails would accept leads Gleantap can never take, so it is refused here,
 * before any visitor is told "thanks".
 */
export function selfCheckForms(forms: ReadonlyMap<string, ResolvedForm>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [id, runtime] of createFormRuntimes(forms)) {
    const { form } = runtime;
    const path = childPath('forms', id);
    const fields = Object.fromEntries(form.fields.map((field) => [field.name, sampleValue(field, form)]));
    const locale = form.locales[0] ?? 'en';
    const consent: SubmissionConsent = Object.fromEntries(form.consent.map((item) => [item.kind, { granted: true, version: item.version[locale] ?? '' }]));
    const verdict = runtime.validator.validate(fields, consent);
    if (!verdict.ok) {
      const refused = Object.entries(verdict.fields)
        .map(([name, code]) => `${name}: ${code}`)
        .join(', ');
      problems.push(problem(path, `self-check: no valid submission can be built for this form (${refused}); check these fields' maxLength, options, min, max and step`));
      continue;
    }
    let body: unknown;
    try {
      body = buildContact({ form, values: verdict.values, consent: verdict.consent, context: sampleContext(locale), submissionId: SAMPLE_ID, acceptedAt: SAMPLE_TIME });
    } catch (error) {
      problems.push(problem(path, `self-check: building the Gleantap contact failed (${describeFailure(error)})`));
      continue;
    }
    const checked = NewContactBody.safeParse(body);
    if (!checked.success) problems.push(problem(path, `self-check: the Gleantap contact would be refused (${describeFailure(checked.error)})`));
  }
  return problems;
}

/** Names the keys that failed, never their values. */
function describeFailure(error: unknown): string {
  const issues = (error as { issues?: ReadonlyArray<{ path?: readonly PropertyKey[]; code?: string }> } | undefined)?.issues;
  if (!Array.isArray(issues)) return 'unexpected error';
  return issues.map((issue) => `${issue.path?.map(String).join('.') || 'body'}: ${issue.code ?? 'invalid'}`).join(', ');
}
