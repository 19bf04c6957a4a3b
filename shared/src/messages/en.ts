import type { Messages } from './messages.ts';
import { PAGE_TEXTS } from './page-texts.ts';

/** The English message catalogue; the proxy's field errors mean the same as these words. */
export const en: Messages = {
  ...PAGE_TEXTS.en,
  required: 'Please fill in this field.',
  too_long: 'This is too long.',
  invalid_type: 'Please enter text here.',
  invalid_value: 'This contains characters we cannot accept.',
  invalid_number: 'Please enter a number in the allowed range.',
  invalid_email: 'Please enter a valid email address, like name@example.com.',
  invalid_phone: 'Please enter a valid phone number.',
  invalid_date: 'Please enter a real date (YYYY-MM-DD).',
  invalid_option: 'Please choose one of the options.',
  unknown_field: 'This field is not part of the form.',
  required_marker: '(required)',
  sending: 'Sending…',
  success: "Thanks! We'll be in touch.",
  error_summary_one: 'There is 1 problem with the form.',
  error_summary_other: 'There are {count} problems with the form.',
  network_error: "We couldn't send your details. Check your connection and try again.",
  retry: 'Try again',
  rate_limited: 'Too many attempts. Please try again in {seconds} s.',
  // Any answer from the server that a retry may fix (5xx, 503, 408, 409): the site's problem, never the visitor's connection.
  unavailable: 'Sorry, the site had a problem saving your details. Please try again.',
  generic_error: 'Something went wrong. Please try again.',
  consent_required: 'Please tick this box to continue.',
};
