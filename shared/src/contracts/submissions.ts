import * as z from 'zod/mini';
import { SubmissionAccepted } from '../answers.ts';
import { Submission } from '../submission.ts';
import { type Endpoint, FORM_ID_PARAM, JSON_TYPE, ORIGIN_HEADER } from './endpoint.ts';
import { SUBMISSION_BODY_LIMIT_BYTES, SUBMISSIONS_ROUTE } from './paths.ts';

const accepted = { name: 'SubmissionAccepted', schema: SubmissionAccepted };

/** `POST /v1/forms/:formId/submissions`: a signup, stored durably before it is answered 2xx. */
export const submissionsEndpoint = {
  ...SUBMISSIONS_ROUTE,
  summary: 'Submit a signup',
  params: [FORM_ID_PARAM],
  query: [],
  headers: [ORIGIN_HEADER, { name: 'Idempotency-Key', required: false, schema: z.uuid(), description: "The submission's id, when the body does not carry it." }],
  request: { contentType: JSON_TYPE, limitBytes: SUBMISSION_BODY_LIMIT_BYTES, body: { name: 'Submission', schema: Submission } },
  answers: {
    201: { description: 'Delivered to Gleantap now.', contentType: JSON_TYPE, body: accepted },
    202: { description: 'Stored durably; delivered later.', contentType: JSON_TYPE, body: accepted },
  },
  errors: [
    'method_not_allowed',
    'unsupported_media_type',
    'payload_too_large',
    'request_timeout',
    'form_not_found',
    'origin_not_allowed',
    'rate_limited',
    'invalid_body',
    'invalid_token',
    'invalid_fields',
    'unavailable',
    'idempotency_in_progress',
    'idempotency_conflict',
  ],
} as const satisfies Endpoint;

/** The status of each kind of acceptance. */
export const ACCEPTED_STATUS = { created: 201, queued: 202 } as const satisfies Record<SubmissionAccepted['status'], keyof typeof submissionsEndpoint.answers>;
