import { createFormValidator, type FormValidator, type PublicFormDefinition } from '@gleantap-capture/shared';
import type { ResolvedForm } from '../config/config.ts';
import { createPhoneNormaliser } from './phone-normaliser.ts';
import { pickLocale } from './pick-locale.ts';
import { buildPublicDefinition } from './public-definition.ts';
import { withFoldedUnknownFields } from './unknown-fields.ts';

/**
 * One locale's definition, serialised once without its token: `json` ends with the closing
 * brace, so the route splices each answer's fresh token in before it (see form-definition.ts).
 */
export interface LocalisedDefinition {
  readonly definition: PublicFormDefinition;
  readonly json: string;
}

/** A form plus what is compiled from it once at start-up, so requests do no per-form setup. */
export interface FormRuntime {
  readonly form: ResolvedForm;
  /** The definition for a visitor's `?locale=` list (see `pickLocale`). */
  definitionFor(requested: unknown): LocalisedDefinition;
  readonly validator: FormValidator;
}

function localise(form: ResolvedForm, locale: string): LocalisedDefinition {
  const definition = buildPublicDefinition(form, locale);
  return { definition, json: JSON.stringify(definition) };
}

/** Compiles every configured form. */
export function createFormRuntimes(forms: ReadonlyMap<string, ResolvedForm>): ReadonlyMap<string, FormRuntime> {
  const runtimes = new Map<string, FormRuntime>();
  for (const [id, form] of forms) {
    const definitions = new Map(form.locales.map((locale) => [locale, localise(form, locale)]));
    const first = definitions.get(form.locales[0] ?? '') ?? localise(form, 'en');
    runtimes.set(id, {
      form,
      definitionFor: (requested) => definitions.get(pickLocale(requested, form.locales)) ?? first,
      // Built from the resolved form, not one locale's definition: a consent box is valid in the version of any locale's text.
      validator: withFoldedUnknownFields(
        createFormValidator(form.fields, form.consent, { normalisePhone: createPhoneNormaliser(form.phoneCountry, form.bots.phone) }),
        new Set(form.fields.map((field) => field.name)),
      ),
    });
  }
  return runtimes;
}
