import { en, es, type FormConfig, type Messages } from '@gleantap-capture/shared';
import type { ConfigProblem } from './config.ts';
import { own } from './own.ts';
import { problem } from './problems.ts';

const BUILT_IN: Readonly<Record<string, Messages>> = { en, es };

/** Where a localised text comes from, most specific first. */
export interface TextSources {
  /** The form's own text (`submitLabel`, `success.message`). */
  readonly configured: Readonly<Record<string, string>> | undefined;
  /** The form's message overrides; the same key there counts too. */
  readonly messages: FormConfig['messages'];
  /** The built-in message used last, in the locales that have built-in messages. */
  readonly key: 'submit' | 'success';
}

/** A text in every locale of the form, or a problem at `path.<locale>` for each one missing. */
export function resolveText(sources: TextSources, locales: readonly string[], path: string, problems: ConfigProblem[]): Record<string, string> {
  const text: Record<string, string> = {};
  for (const locale of locales) {
    const value = own(sources.configured, locale) ?? own(sources.messages, locale)?.[sources.key] ?? own(BUILT_IN, locale)?.[sources.key];
    if (value !== undefined) text[locale] = value;
    else problems.push(problem(`${path}.${locale}`, 'missing: built-in texts exist only for en and es'));
  }
  return text;
}
