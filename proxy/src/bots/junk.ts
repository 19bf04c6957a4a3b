import type { DefinitionField } from '@gleantap-capture/shared';
import { disposableEmailBlocklist } from 'disposable-email-domains-js';

/** Which junk checks a form runs (each on unless the form turns it off). */
export interface JunkSettings {
  readonly disposableEmail: boolean;
  readonly linksInNames: boolean;
  readonly sameValueEverywhere: boolean;
}

/**
 * Why a submission is junk. A junk submission is answered like a lead and stored `dropped` with
 * this reason, never sent, so `outbox retry <id>` can send a false positive after all.
 */
export type JunkReason = 'disposable_email' | 'links_in_name' | 'same_value_everywhere';

/** Judges one submission's validated, normalised field values; null when nothing looks like junk. */
export type JunkCheck = (values: Readonly<Record<string, unknown>>, form: { readonly fields: readonly Pick<DefinitionField, 'name' | 'type'>[]; readonly junk: JunkSettings }) => JunkReason | null;

const NAME_FIELDS = ['first_name', 'last_name'] as const;
/** The rule needs this many filled text fields; two equal names alone are a real person (Lee Lee). */
const SAME_VALUE_MIN_FIELDS = 3;

/**
 * What no person's name contains: a URL scheme (`http://`, `hxxp://`), `www.`, a host with a path
 * (`bit.ly/x`), a host on a top-level domain that spam favours, or markup (`<a …`, `</b>`).
 * Apostrophes, hyphens, dots after initials, spaces and every script's letters are untouched.
 */
const LINK_PATTERNS: readonly RegExp[] = [
  /[a-z][a-z0-9+.-]*:\/\//i,
  /(^|[^a-z0-9])www\./i,
  /[a-z0-9-]\.[a-z]{2,}\//i,
  /[a-z0-9-]\.(com|net|org|info|biz|ru|cn|xyz|top|site|online|click|link|shop|store|tk|io)($|[^a-z0-9])/i,
  /<[a-z/!?]/i,
];

/**
 * Builds the junk checks. The disposable-domain list is the npm package
 * `disposable-email-domains-js` (the community-maintained disposable-email-domains list, which
 * keeps an allow-list against false positives), read from the installed package once here and
 * never fetched at run time. A subdomain of a listed domain counts as listed.
 */
export function createJunkCheck(): JunkCheck {
  const disposable: ReadonlySet<string> = new Set(disposableEmailBlocklist().map((domain) => domain.toLowerCase()));

  const isDisposable = (email: string): boolean => {
    let domain = email.slice(email.lastIndexOf('@') + 1).replace(/\.$/, '');
    // `a.b.mailinator.com`, then `b.mailinator.com`, then `mailinator.com`; a bare top-level domain is never looked up.
    while (domain.includes('.')) {
      if (disposable.has(domain)) return true;
      domain = domain.slice(domain.indexOf('.') + 1);
    }
    return false;
  };

  return (values, form) => {
    const text = (name: string): string | undefined => {
      const value = values[name];
      return typeof value === 'string' && value.trim() !== '' ? value : undefined;
    };
    const email = text('email');
    if (form.junk.disposableEmail && email?.includes('@') && isDisposable(email.toLowerCase())) return 'disposable_email';
    if (form.junk.linksInNames && NAME_FIELDS.some((name) => LINK_PATTERNS.some((pattern) => pattern.test(text(name) ?? '')))) return 'links_in_name';
    if (form.junk.sameValueEverywhere) {
      // Free-text inputs only: an email, phone, date or chosen option can never equal a name.
      const filled = form.fields
        .filter((field) => field.type === 'text' || field.type === 'textarea')
        .map((field) => text(field.name))
        .filter((value) => value !== undefined)
        .map((value) => value.toLowerCase().replace(/\s+/g, ' ').trim());
      if (filled.length >= SAME_VALUE_MIN_FIELDS && filled.every((value) => value === filled[0])) return 'same_value_everywhere';
    }
    return null;
  };
}
