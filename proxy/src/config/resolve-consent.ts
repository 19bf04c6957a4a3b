import type { ConsentConfig } from '@gleantap-capture/shared';
import type { ConfigProblem, ResolvedConsent } from './config.ts';
import { consentVersion } from './consent-version.ts';
import { own } from './own.ts';
import { problem } from './problems.ts';

/** The form's consent boxes, each with its text and version in every locale. */
export function resolveConsent(consent: ConsentConfig | undefined, formPath: string, locales: readonly string[], problems: ConfigProblem[]): ResolvedConsent[] {
  const resolved: ResolvedConsent[] = [];
  for (const kind of ['email', 'sms'] as const) {
    const item = consent?.[kind];
    if (item === undefined) continue;
    const text: Record<string, string> = {};
    const version: Record<string, string> = {};
    for (const locale of locales) {
      const value = own(item.text, locale);
      // There is no built-in consent wording: what a visitor agrees to is the owner's to write.
      if (value === undefined) {
        problems.push(problem(`${formPath}.consent.${kind}.text.${locale}`, 'missing: every locale of the form needs the consent text'));
        continue;
      }
      text[locale] = value;
      version[locale] = consentVersion(value);
    }
    resolved.push({ kind, text, version, required: item.required ?? false });
  }
  return resolved;
}
