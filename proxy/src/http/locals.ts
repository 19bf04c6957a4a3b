import type { ErrorCode, FieldErrors } from '@gleantap-capture/shared';
import type { FormRuntime } from '../forms/form-runtime.ts';

/** What middleware hands down the chain on `res.locals`. */
declare global {
  namespace Express {
    interface Locals {
      requestId: string;
      form?: FormRuntime;
      rawBody?: Buffer;
      /** Set by the error handler so the access log can record the outcome without the body. */
      errorCode?: ErrorCode;
      fieldErrors?: FieldErrors;
      submissionId?: string;
    }
  }
}

export {};
