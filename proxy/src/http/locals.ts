import type { ErrorCode, FieldErrors } from '@gleantap-capture/shared';
import type { FormRuntime } from '../forms/form-runtime.ts';

/** What middleware hands down the chain on `res.locals`. */
declare global {
  namespace Express {
    interface Locals {
      requestId: string;
      /** The normalised client address (TRUST_PROXY honoured), set by `clientAddress`. */
      clientIp?: string;
      /** Set once a submission's fields validated: only those count towards the form's cap. */
      fieldsValid?: boolean;
      form?: FormRuntime;
      rawBody?: Buffer;
      /** Set by the error handler so the access log can record the outcome without the body. */
      errorCode?: ErrorCode;
      fieldErrors?: FieldErrors;
      submissionId?: string;
      /** The endpoint's path template (`/v1/forms/:formId`) once matched: the metrics' route label. */
      routeTemplate?: string;
      /** Which limiter refused the request (429), for the rate-limit metric. */
      rateLimitedBy?: 'ip' | 'form';
    }
  }
}
