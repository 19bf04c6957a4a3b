import * as z from 'zod/mini';

/** How a field is rendered and which rule checks it. */
export const FieldType = z.enum(['text', 'textarea', 'email', 'tel', 'date', 'select']);
export type FieldType = z.infer<typeof FieldType>;

/** Default and ceiling for custom fields' maximum length. */
export const CUSTOM_FIELD_MAX_LENGTH = 256;
export const TEXTAREA_MAX_LENGTH = 2000;
