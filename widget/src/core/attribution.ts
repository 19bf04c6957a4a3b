import type { SubmissionContext } from '@gleantap-capture/shared';
import { CONTEXT_VALUE_MAX_LENGTH as MAX } from '@gleantap-capture/shared/context-rules.ts';

const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;

/** Where the visitor came from: page, referrer and UTM parameters, each cut to the contract's 2,048 characters. */
export function collectContext(location: Location, referrer: string, locale: string): SubmissionContext {
  const context: Record<string, string> = { page_url: location.href.slice(0, MAX), locale };
  if (referrer) context['referrer'] = referrer.slice(0, MAX);
  const params = new URLSearchParams(location.search);
  for (const key of UTM_KEYS) {
    const value = params.get(key);
    if (value) context[key] = value.slice(0, MAX);
  }
  return context;
}
