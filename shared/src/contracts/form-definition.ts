import * as z from 'zod/mini';
import { PublicFormDefinition } from '../form-definition.ts';
import { type Endpoint, FORM_ID_PARAM, JSON_TYPE, ORIGIN_HEADER } from './endpoint.ts';
import { FORM_DEFINITION_ROUTE } from './paths.ts';

/** `GET /v1/forms/:formId`: the public form definition; origin-checked and rate-limited, never cached. */
export const formDefinitionEndpoint = {
  ...FORM_DEFINITION_ROUTE,
  summary: 'The public form definition',
  params: [FORM_ID_PARAM],
  query: [{ name: 'locale', required: false, schema: z.string(), description: 'The locale to answer in; every configured locale when absent.' }],
  headers: [ORIGIN_HEADER],
  answers: { 200: { description: 'The form.', contentType: JSON_TYPE, body: { name: 'PublicFormDefinition', schema: PublicFormDefinition } } },
  errors: ['method_not_allowed', 'form_not_found', 'origin_not_allowed', 'rate_limited'],
} as const satisfies Endpoint;
