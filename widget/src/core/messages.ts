import type { PageTextKey } from '@gleantap-capture/shared';
import { PAGE_TEXTS } from '@gleantap-capture/shared/messages/page-texts.ts';
import { preferredLocales } from './locale.ts';

/**
 * The few texts shown before any form definition is known (popup frame, a refused page), in
 * the visitor's first language if it is Spanish, else English. Every other text arrives in the
 * definition, resolved by the proxy for the visitor's locale.
 */
export function pageMessages(locale: string | undefined): Readonly<Record<PageTextKey, string>> {
  return PAGE_TEXTS[/^es\b/i.test(preferredLocales(locale)[0] ?? '') ? 'es' : 'en'];
}

/** Fills `{count}` / `{seconds}` placeholders. */
export function format(text: string, values: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
