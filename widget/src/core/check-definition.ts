import { isCssSafe } from '@gleantap-capture/shared/widget-css/css-safety.ts';
import type { Definition } from './definition.ts';

// What the proxy can serve, as the field catalogue produces it (standard fields and the
// custom-field defaults); check-definition.test.ts derives the same sets from the catalogue
// and fails if they drift. Literals here, because the catalogue itself would cost the script
// tag bytes it cannot spare. Never a password, card or one-time-code input.
const TYPES = new Set('text textarea email tel date select checkbox radio multiselect number location'.split(' '));
const AUTOCOMPLETE = new Set('given-name family-name email tel street-address address-level2 address-level1 postal-code bday sex off'.split(' '));
const INPUTMODE = new Set('text email tel numeric decimal none'.split(' '));

/** The allowed sets, for the test that derives them from the catalogue. */
export const ALLOWED = { TYPES, AUTOCOMPLETE, INPUTMODE };

/**
 * What is wrong with a served definition, if anything: the widget renders only what the proxy
 * could have produced, so a definition from anywhere else (markup that re-pointed the widget,
 * a hostile or mistaken server) cannot show password or card inputs, load CSS from a URL or
 * send the visitor to a non-https page.
 */
export function definitionProblem(definition: Definition): string | undefined {
  try {
    const { fields, css, success, messages } = definition;
    // A name becomes an element id and a selector: the proxy's own pattern for field names.
    if (!fields.every((field) => TYPES.has(field.type) && AUTOCOMPLETE.has(field.autocomplete) && INPUTMODE.has(field.inputmode) && /^[a-z][a-z0-9_]{0,63}$/.test(field.name))) return 'fields';
    // Adopted as is: a stylesheet the proxy could not have built (one that loads anything) is refused.
    if (!isCssSafe(css)) return 'css';
    const redirect = success.redirectUrl;
    if (redirect != null && !(typeof redirect === 'string' && redirect.startsWith('https://'))) return 'success.redirectUrl';
    if (typeof messages.required !== 'string') return 'messages';
  } catch {
    return 'shape';
  }
  return undefined;
}
