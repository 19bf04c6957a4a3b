import * as z from 'zod/mini';

/** Keys that would reach an object's prototype machinery; refused wherever a key comes from outside. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** True when `key` is an own-property name that is safe to copy onto a plain object. */
export function isSafeKey(key: string): boolean {
  return !PROTOTYPE_KEYS.has(key);
}

/** A form id as it appears in URLs and the forms file. */
export const FORM_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const FormId = z.string().check(z.regex(FORM_ID_PATTERN));

/** A field name a form may declare (also the key sent to Gleantap). */
export const FIELD_NAME_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

/** A Gleantap custom attribute name: letters, digits, underscore; never a prototype key. */
export const ATTRIBUTE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
export const AttributeName = z.string().check(z.regex(ATTRIBUTE_NAME_PATTERN), z.refine(isSafeKey, { error: 'reserved name' }));

/** A BCP 47 language tag as the widget and config use it (`en`, `es`, `pt-BR`). */
export const LOCALE_PATTERN = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
export const Locale = z.string().check(z.regex(LOCALE_PATTERN));

/** The names of environment variables that may hold Gleantap keys. */
export const KEY_ENV_PATTERN = /^GLEANTAP_[A-Z0-9_]+$/;

/** Plain JSON object check that refuses arrays, null and class instances. */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
