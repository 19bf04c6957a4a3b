import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { allowedMethods, type ErrorCode, type FieldErrorCode, FORM_DEFINITION_PATH, ROUTES, SUBMISSIONS_PATH, submissionsEndpoint } from '@gleantap-capture/shared';
import fc from 'fast-check';
import { invalidBody } from './body-faults.ts';
import { invalidFields } from './field-faults.ts';
import type { RawRequest } from './send.ts';
import { type FormFacts, serialise, text, validSubmission } from './valid-submission.ts';

export type { FormFacts } from './valid-submission.ts';

/**
 * Generated bad requests for the hostile-client suite. Every case is invalid by construction
 * and knows which documented answer it must get: each one is built from layers that follow
 * docs/contract.md §2's check order (route → media type → size → form → origin → body shape →
 * fields), and the first faulty layer decides the expected code.
 */

export const ALLOWED_ORIGIN = 'https://www.example-gym.com';
export const FORM_ID = 'trial';
/** docs/contract.md §2: bodies over the submission contract's limit (16 KiB) are answered 413. */
const BODY_LIMIT = submissionsEndpoint.request.limitBytes;

/** A form route's path with the form id put in as given: these cases send their bytes unencoded on purpose. */
export const formPath = (template: string, formId: string): string => template.replace(':formId', formId);

/**
 * The documented answer a case must get: an error code, or `dropped` — a filled honeypot with
 * bad fields is answered `202 queued` like a lead (stored `dropped`, never sent), by design.
 */
export type Expected = ErrorCode | 'dropped';

/** What a case must be answered with. */
export interface BadRequest extends RawRequest {
  /** Which layer is at fault first, for the statistics printed after the run. */
  readonly fault: string;
  readonly expected: Expected;
  /** For `invalid_fields`: a field that must be reported, with the codes it may carry. */
  readonly field?: { readonly name: string; readonly codes: readonly FieldErrorCode[] };
}

// ---------------------------------------------------------------------------------------------
// Earlier layers: route and method, media type, size, form, origin.

/** The fixed paths whose contracts take only GET, and `/metrics` (on the public port only with a token). */
const KNOWN_GET_ONLY = [...ROUTES.filter((route) => !route.path.includes(':') && allowedMethods(route.path).join() === 'GET,HEAD').map((route) => route.path), '/metrics'];
/** Methods a client may try; a path's contracts allow some, the rest are 405. */
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'TRACE', 'PROPFIND'];
const wrongMethods = (template: string): string[] => METHODS.filter((method) => !allowedMethods(template).includes(method));
const DEFINITION = formPath(FORM_DEFINITION_PATH, FORM_ID);
const unknownPath = fc.oneof(
  fc.constantFrom(
    '/',
    '/v1',
    '/v1/',
    '/v1/forms',
    '/v2/forms/trial/submissions',
    '/api/forms/trial',
    '/.env',
    '/wp-login.php',
    '/admin',
    '/_sandbox/contacts',
    '/_sandbox/faults',
    '/v2/ExternalApi/newContact',
    '/v1/forms/trial/submissions/extra',
    '/v1/forms/trial/optin',
    '/v1/forms/trial/submissions/..%2f..%2f',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/v1/forms/%zz/submissions',
    '/v1/forms/%E0%A4%A/submissions',
    '/v1/forms/trial/%ff',
  ),
  // Dot segments would resolve to a real route (`/v1/forms/trial/.` is the definition).
  fc
    .tuple(fc.constantFrom('/x', '/static', '/v1/forms/trial/'), fc.stringMatching(/^[a-z0-9._~-]{1,40}$/))
    .filter(([, rest]) => rest !== 'submissions' && !/^\.+$/.test(rest))
    .map(([prefix, rest]) => `${prefix}/${rest}`.replace('//', '/')),
  fc.integer({ min: 200, max: 4000 }).map((length) => `/${'a'.repeat(length)}`),
);

type RouteFault = { readonly fault: string; readonly method: string; readonly path: string; readonly expected: ErrorCode };

const routeFault: fc.Arbitrary<RouteFault> = fc.oneof(
  fc
    .tuple(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'), unknownPath)
    .filter(([, path]) => !KNOWN_GET_ONLY.includes(path) && path !== DEFINITION && path !== `${DEFINITION}/`)
    .map(([method, path]) => ({ fault: 'unknown route', method, path, expected: 'not_found' as const })),
  fc.tuple(fc.constantFrom(...wrongMethods(SUBMISSIONS_PATH)), fc.constantFrom(FORM_ID, 'nope')).map(([method, form]) => ({
    fault: 'wrong method on submissions',
    method,
    path: formPath(SUBMISSIONS_PATH, form),
    expected: 'method_not_allowed' as const,
  })),
  fc.tuple(fc.constantFrom(...wrongMethods(FORM_DEFINITION_PATH)), fc.constantFrom(FORM_ID, 'nope')).map(([method, form]) => ({
    fault: 'wrong method on a form',
    method,
    path: formPath(FORM_DEFINITION_PATH, form),
    expected: 'method_not_allowed' as const,
  })),
);

type MediaFault = { readonly fault: string; readonly contentType: string | undefined; readonly encoding?: string };

const mediaFault: fc.Arbitrary<MediaFault> = fc.oneof(
  fc
    .constantFrom<string | undefined>(
      undefined,
      '',
      'text/plain',
      'text/json',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'application/jsonx',
      'application/ld+json',
      'application/json-patch+json',
      'application/json; charset=utf-8; boundary=x',
      'application/json, text/plain',
      'json',
      '*/*',
    )
    .map((contentType) => ({ fault: 'media type', contentType })),
  fc
    .constantFrom('gzip', 'deflate', 'br', 'identity', 'x-gzip', 'gzip, identity', 'compress', 'aes128gcm')
    .map((encoding) => ({ fault: 'content encoding', contentType: 'application/json', encoding })),
);

function encode(body: Buffer, encoding: string | undefined): Buffer {
  if (encoding?.includes('gzip')) return gzipSync(body);
  if (encoding === 'deflate') return deflateSync(body);
  if (encoding === 'br') return brotliCompressSync(body);
  return body;
}

/** A compressed body that would expand far past the limit: what refusing encodings is for. */
const zipBomb = fc.integer({ min: 4 * BODY_LIMIT, max: 2 * 1024 * 1024 }).map((size) => Buffer.from(`{"id":"${crypto.randomUUID()}","fields":{"first_name":"${'A'.repeat(size)}"}}`));

type SizeFault = { readonly fault: string; readonly body: Buffer; readonly chunked: boolean };

const sizeFault: fc.Arbitrary<SizeFault> = fc.tuple(fc.integer({ min: BODY_LIMIT + 1, max: 4 * BODY_LIMIT }), fc.boolean(), fc.constantFrom('x', '💪', '\u0000')).map(([size, chunked, unit]) => {
  const json = Buffer.from(`{"id":"${crypto.randomUUID()}","fields":{"first_name":${text(unit.repeat(size))}}}`);
  return { fault: chunked ? 'too large (chunked)' : 'too large', body: json.subarray(0, Math.max(size, BODY_LIMIT + 1)), chunked };
});

const formFault = fc.oneof(
  fc.constantFrom('TRIAL', 'Trial', 'trial2', 'default', 'newsletter', 'trial%00', 'trial%20', '%F0%9F%92%AA', '..%2f..%2fetc', '__proto__', 'constructor', 'hasOwnProperty', 'a'.repeat(65)),
  fc.stringMatching(/^[a-z0-9_-]{1,64}$/).filter((id) => id !== FORM_ID),
);

const originFault = fc.oneof(
  fc.constantFrom<string | undefined>(
    undefined,
    'null',
    '',
    'http://www.example-gym.com',
    'https://example-gym.com',
    'https://www.example-gym.com.evil.test',
    'https://evil.test',
    'https://www.example-gym.com:8443',
    'https://www.example-gym.com/path',
    'https://user@www.example-gym.com',
    'https://www.example-gym.com?x',
    'https://*.example-gym.com',
    'file://',
    'chrome-extension://abcdef',
    'www.example-gym.com',
    'https://www.example-gym.com https://evil.test',
    'https://xn--exmple-gym-c7a.com',
  ),
  fc.stringMatching(/^[!-~]{1,80}$/).filter((origin) => !origin.toLowerCase().includes('example-gym.com')),
);

// ---------------------------------------------------------------------------------------------
// Whole requests.

const JSON_TYPE = 'application/json';
const optionalRequestId = fc.option(fc.oneof(fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/), fc.stringMatching(/^[!-~]{1,100}$/)), { nil: undefined });
/** An earlier layer's fault in roughly one case of six, so every later layer is reached often. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });

/** A POST to the submissions route (or GET of a definition) with at least one fault. */
export function badRequest(facts: FormFacts): fc.Arbitrary<BadRequest> {
  const body = fc.oneof(
    { weight: 3, arbitrary: invalidBody(facts).map((fault) => ({ ...fault, expected: 'invalid_body' as Expected, field: undefined })) },
    {
      weight: 3,
      arbitrary: invalidFields(facts).map(({ honeypotFilled, ...fault }) =>
        honeypotFilled ? { ...fault, fault: `${fault.fault} (honeypot filled)`, expected: 'dropped' as Expected, field: undefined } : { ...fault, expected: 'invalid_fields' as Expected },
      ),
    },
    { weight: 1, arbitrary: validSubmission(facts).map((submission) => ({ fault: 'none', body: Buffer.from(serialise(submission)), headers: undefined, expected: null, field: undefined })) },
  );
  const submission = fc
    .record({
      route: sometimes(routeFault),
      media: sometimes(mediaFault),
      size: sometimes(sizeFault),
      form: sometimes(formFault),
      origin: sometimes(originFault.map((origin) => ({ origin }))),
      body,
      requestId: optionalRequestId,
    })
    .filter((layers) => Boolean(layers.route ?? layers.media ?? layers.size ?? layers.form ?? layers.origin ?? layers.body.expected))
    .map(({ route, media, size, form, origin, body, requestId }): BadRequest => {
      const headers: Record<string, string> = { ...body.headers };
      const contentType = media ? media.contentType : JSON_TYPE;
      if (contentType !== undefined) headers['content-type'] = contentType;
      if (media?.encoding) headers['content-encoding'] = media.encoding;
      const originHeader = origin ? origin.origin : ALLOWED_ORIGIN;
      if (originHeader !== undefined) headers['origin'] = originHeader;
      if (requestId !== undefined) headers['x-request-id'] = requestId;
      let payload = size ? size.body : body.body;
      if (media?.encoding) payload = encode(payload, media.encoding);
      const chunked = size?.chunked ?? false;
      const layered = (fault: string, expected: Expected, field?: BadRequest['field']): BadRequest => ({
        fault,
        expected,
        method: 'POST',
        path: formPath(SUBMISSIONS_PATH, form ?? FORM_ID),
        headers,
        body: payload,
        chunked,
        ...(field ? { field } : {}),
      });
      if (route) return { ...layered(route.fault, route.expected), method: route.method, path: route.path, body: route.method === 'GET' || route.method === 'TRACE' ? undefined : payload };
      if (media) return layered(media.fault, 'unsupported_media_type');
      if (size) return layered(size.fault, 'payload_too_large');
      // A body or field fault that came out bigger than the limit is, first of all, too large.
      if (payload.length > BODY_LIMIT) return layered(`${body.fault} (too large)`, 'payload_too_large');
      if (form) return layered('unknown form', 'form_not_found');
      if (origin) return layered('origin refused', 'origin_not_allowed');
      return layered(body.fault, body.expected as Expected, body.field);
    });
  const bombs = fc.tuple(zipBomb, fc.constantFrom('gzip', 'deflate', 'br')).map(
    ([raw, encoding]): BadRequest => ({
      fault: 'compressed body (zip bomb)',
      expected: 'unsupported_media_type',
      method: 'POST',
      path: formPath(SUBMISSIONS_PATH, FORM_ID),
      headers: { 'content-type': JSON_TYPE, 'content-encoding': encoding, origin: ALLOWED_ORIGIN },
      body: encode(raw, encoding),
    }),
  );
  const definition = fc
    .tuple(sometimes(formFault), sometimes(originFault.map((origin) => ({ origin }))))
    .filter(([form, origin]) => form !== null || origin !== null)
    .map(([form, origin]): BadRequest => {
      const headers: Record<string, string> = {};
      const originHeader = origin ? origin.origin : ALLOWED_ORIGIN;
      if (originHeader !== undefined) headers['origin'] = originHeader;
      return {
        fault: form !== null ? 'definition of an unknown form' : 'definition for a refused origin',
        expected: form !== null ? 'form_not_found' : 'origin_not_allowed',
        method: 'GET',
        path: formPath(FORM_DEFINITION_PATH, form ?? FORM_ID),
        headers,
      };
    });
  return fc.oneof({ weight: 20, arbitrary: submission }, { weight: 1, arbitrary: bombs }, { weight: 2, arbitrary: definition });
}
