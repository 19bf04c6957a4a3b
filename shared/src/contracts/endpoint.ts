import * as z from 'zod/mini';
import type { ErrorCode } from '../errors.ts';
import { FormId } from '../names.ts';
import type { Route } from './paths.ts';

/** A body schema with the name it is published under (an OpenAPI component). */
export interface NamedSchema {
  readonly name: string;
  readonly schema: z.ZodMiniType;
}

/** One documented answer of an endpoint other than an error. */
export interface Answer {
  readonly description: string;
  /** Absent for an answer without a body (a preflight's 204). */
  readonly contentType?: string;
  /** The body's shape where it is JSON this project defines. */
  readonly body?: NamedSchema;
}

/** A path, query or header parameter. */
export interface Parameter {
  readonly name: string;
  readonly required: boolean;
  readonly schema: z.ZodMiniType;
  readonly description?: string;
}

/** What a request body must be: its type, its size limit, its shape. */
export interface RequestBody {
  readonly contentType: 'application/json';
  /** Larger bodies are answered `413 payload_too_large` before a byte past the limit is kept. */
  readonly limitBytes: number;
  readonly body: NamedSchema;
}

/**
 * One public endpoint, in full: the single source the router, `/openapi.json`, the widget's
 * client and the hostile-client oracle derive from (docs/contract.md §2).
 */
export interface Endpoint extends Route {
  readonly summary: string;
  readonly params: readonly Parameter[];
  readonly query: readonly Parameter[];
  readonly headers: readonly Parameter[];
  readonly request?: RequestBody;
  /** Success (and non-error) answers by status. */
  readonly answers: Readonly<Record<number, Answer>>;
  /** Every error code it can answer, in the contract's check order (`CHECK_ORDER`). */
  readonly errors: readonly ErrorCode[];
}

export const JSON_TYPE = 'application/json';

/** The `:formId` segment of the form routes. */
export const FORM_ID_PARAM: Parameter = { name: 'formId', required: true, schema: FormId };

/** Form routes are origin-checked: a browser always sends Origin on them. */
export const ORIGIN_HEADER: Parameter = { name: 'Origin', required: true, schema: z.string(), description: "One of the form's allowed origins." };
