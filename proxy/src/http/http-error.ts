import { ERROR_MESSAGES, ERROR_STATUS, type ErrorCode, type FieldErrors } from '@gleantap-capture/shared';

export interface HttpErrorOptions {
  readonly fields?: FieldErrors;
  readonly headers?: Readonly<Record<string, string>>;
  /** Close the connection after answering (the request body was not read). */
  readonly closeConnection?: boolean;
}

/** The one error type handlers throw; the error handler turns it into `{error:{code,message,fields?}}`. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly fields: FieldErrors | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly closeConnection: boolean;

  constructor(code: ErrorCode, options: HttpErrorOptions = {}) {
    super(ERROR_MESSAGES[code]);
    this.name = 'HttpError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.fields = options.fields;
    this.headers = options.headers ?? {};
    this.closeConnection = options.closeConnection ?? false;
  }
}
