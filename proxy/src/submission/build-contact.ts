import { type FieldValue, NewContactBody, type SubmissionContext } from '@gleantap-capture/shared';
import type { AccountRef, ResolvedForm, ResolvedOption } from '../config/config.ts';
import { ACCEPTED_AT_ATTRIBUTE, SUBMISSION_ID_ATTRIBUTE } from '../config/reserved-names.ts';
import { gleantapDateTime } from './gleantap-date-time.ts';

export interface ContactInput {
  readonly form: ResolvedForm;
  /** Validated, normalised values of declared fields only. */
  readonly values: Readonly<Record<string, FieldValue>>;
  /** Consent kinds the visitor granted, with the version of the text they saw. */
  readonly consent: Readonly<Partial<Record<'email' | 'sms', { version: string }>>>;
  readonly context: SubmissionContext | undefined;
  readonly submissionId: string;
  /** When the submission was accepted; consent and `capture_accepted_at` are stamped with it. */
  readonly acceptedAt: Date;
}

/** The option the visitor picked in the form's `location` field, if it has one and they did. */
function chosenLocation(form: ResolvedForm, values: Readonly<Record<string, FieldValue>>): ResolvedOption | undefined {
  const field = form.fields.find((item) => item.type === 'location');
  const value = field === undefined ? undefined : values[field.name];
  return field?.options?.find((option) => option.value === value);
}

/**
 * The account a submission is delivered to: the picked studio's own account where its option
 * names one, else the form's. Decided with the body, so the job stores the matching keys' names.
 */
export function contactAccount(form: ResolvedForm, values: Readonly<Record<string, FieldValue>>): AccountRef {
  return chosenLocation(form, values)?.account ?? form.account;
}

/**
 * A field's value as Gleantap takes it: text and numbers as they are, a checkbox as a boolean,
 * a multiselect's choices comma-joined (Gleantap's custom attributes are scalars).
 */
function attributeValue(value: FieldValue): string | number | boolean {
  return Array.isArray(value) ? value.join(',') : (value as string | number | boolean);
}

/**
 * The full newContact body, decided at acceptance (docs/contract.md §5): declared fields, then
 * what the owner's config decides, then context and consent attributes, then the
 * submission id. The browser cannot influence any key it did not declare.
 */
export function buildContact(input: ContactInput): NewContactBody {
  const { form, values, consent, context } = input;
  const body: Record<string, string | number | boolean> = {};
  for (const field of form.fields) {
    const value = values[field.name];
    // The location field's value is the option's key; what Gleantap gets is the option's location string.
    if (value !== undefined && field.type !== 'location') body[field.name] = attributeValue(value);
  }

  const picked = chosenLocation(form, values);
  body['app_id'] = contactAccount(form, values).appId;
  body['source'] = form.source;
  if (form.tags.length > 0) body['tags'] = form.tags.join(',');
  body['tag_action'] = form.tagAction;
  if (form.type !== undefined) body['type'] = form.type;
  if (form.status !== undefined) body['status'] = form.status;
  const location = picked?.location ?? form.location;
  if (location !== undefined) body['location'] = location;
  if (form.userId !== undefined) {
    const userId = values[form.userId];
    if (typeof userId === 'string') body['user_id'] = userId;
  }

  for (const [contextKey, attribute] of Object.entries(form.contextAttributes)) {
    const value = context?.[contextKey as keyof SubmissionContext];
    if (attribute !== undefined && value !== undefined && value !== '') body[attribute] = value;
  }

  // Only positive consent is ever sent: an unticked box sends nothing, never an opt-out.
  const consentAt = input.acceptedAt.toISOString();
  for (const kind of ['email', 'sms'] as const) {
    const granted = consent[kind];
    if (!granted) continue;
    body[`${kind}_consent_version`] = granted.version;
    body[`${kind}_consent_at`] = consentAt;
    if (context?.page_url) body[`${kind}_consent_page`] = context.page_url;
    // With double opt-in the contact confirms by SMS; claiming opt-in here would skip that.
    if (kind === 'sms' && form.smsMode === 'attribute') body['optin_sms'] = true;
  }

  // A lead that waited in the outbox would otherwise carry only its delivery time.
  body[ACCEPTED_AT_ATTRIBUTE] = consentAt;
  if (form.sendCreatedDate) body['created_date'] = gleantapDateTime(input.acceptedAt);
  body[SUBMISSION_ID_ATTRIBUTE] = input.submissionId;
  return NewContactBody.parse(body);
}
