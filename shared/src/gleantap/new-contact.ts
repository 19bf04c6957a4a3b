import * as z from 'zod/mini';
import { ATTRIBUTE_NAME_PATTERN, isSafeKey } from '../names.ts';

/** `YYYY-MM-DD`, as Gleantap wants `dob`. */
export const GLEANTAP_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
/** `YYYY-MM-DD HH:MM:SS`, as Gleantap wants `created_date`. */
export const GLEANTAP_DATETIME_PATTERN = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

export const TagAction = z.enum(['add', 'remove']);
export type TagAction = z.infer<typeof TagAction>;

/** The documented top-level fields of `newContact`; any other key is a custom attribute. */
export const NEW_CONTACT_STANDARD_KEYS = [
  'app_id',
  'first_name',
  'last_name',
  'email',
  'phone',
  'address',
  'city',
  'state',
  'zip',
  'source',
  'user_id',
  'dob',
  'created_date',
  'gender',
  'type',
  'status',
  'location',
  'optin_sms',
  'optout_email',
  'tags',
  'tag_action',
] as const;
const STANDARD_KEYS: ReadonlySet<string> = new Set(NEW_CONTACT_STANDARD_KEYS);

/** True when `name` is one of Gleantap's own contact fields (so not usable as a custom attribute). */
export function isGleantapStandardKey(name: string): boolean {
  return STANDARD_KEYS.has(name);
}

/** A custom attribute value: Gleantap stores scalars. */
export const CustomAttributeValue = z.union([z.string(), z.number(), z.boolean()]);

const text = z.string();
const optionalText = z.optional(text);

/**
 * The body of `POST /v2/ExternalApi/newContact` as the vendor documents it.
 * Custom attributes ride along as extra top-level keys with safe names.
 */
export const NewContactBody = z
  .catchall(
    z.object({
      app_id: z.string().check(z.minLength(1)),
      first_name: z.string().check(z.minLength(1)),
      last_name: z.string().check(z.minLength(1)),
      email: optionalText,
      phone: optionalText,
      address: optionalText,
      city: optionalText,
      state: optionalText,
      zip: optionalText,
      source: optionalText,
      user_id: optionalText,
      dob: z.optional(z.string().check(z.regex(GLEANTAP_DATE_PATTERN))),
      created_date: z.optional(z.string().check(z.regex(GLEANTAP_DATETIME_PATTERN))),
      gender: optionalText,
      type: optionalText,
      status: optionalText,
      location: optionalText,
      optin_sms: z.optional(z.boolean()),
      optout_email: z.optional(z.boolean()),
      /** Comma-separated. */
      tags: optionalText,
      tag_action: z.optional(TagAction),
    }),
    CustomAttributeValue,
  )
  .check(
    z.refine((body) => Object.keys(body).every((key) => STANDARD_KEYS.has(key) || (ATTRIBUTE_NAME_PATTERN.test(key) && isSafeKey(key))), {
      error: 'custom attribute names must match ^[A-Za-z][A-Za-z0-9_]{0,63}$ and not be prototype keys',
    }),
  );
export type NewContactBody = z.infer<typeof NewContactBody>;

/** `200` answer of `newContact`. */
export const NewContactSuccess = z.object({ status: z.literal('success'), _id: z.string() });
export type NewContactSuccess = z.infer<typeof NewContactSuccess>;

/** The body of `POST /v2/ExternalApi/optin` (sends a double-opt-in SMS). */
export const OptinBody = z.object({
  app_id: z.string().check(z.minLength(1)),
  phone: z.string().check(z.minLength(1)),
  email: z.string().check(z.minLength(1)),
  user_id: z.string().check(z.minLength(1)),
  dob: z.optional(z.string().check(z.regex(GLEANTAP_DATE_PATTERN))),
});
export type OptinBody = z.infer<typeof OptinBody>;
