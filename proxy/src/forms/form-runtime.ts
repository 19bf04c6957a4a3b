import { createFormValidator, type FormValidator, type PublicFormDefinition } from '@gleantap-capture/shared';
import type { ResolvedForm } from '../config/config.ts';
import { createPhoneNormaliser } from './phone-normaliser.ts';
import { buildPublicDefinition } from './public-definition.ts';
import { withFoldedUnknownFields } from './unknown-fields.ts';

/** A form plus what is compiled from it once at start-up, so requests do no per-form setup. */
export interface FormRuntime {
  readonly form: ResolvedForm;
  readonly definition: PublicFormDefinition;
  /** The definition as sent, serialised once. */
  readonly definitionJson: string;
  readonly validator: FormValidator;
}

/** Compiles every configured form. */
export function createFormRuntimes(forms: ReadonlyMap<string, ResolvedForm>): ReadonlyMap<string, FormRuntime> {
  const runtimes = new Map<string, FormRuntime>();
  for (const [id, form] of forms) {
    const definition = buildPublicDefinition(form);
    runtimes.set(id, {
      form,
      definition,
      definitionJson: JSON.stringify(definition),
      validator: withFoldedUnknownFields(
        createFormValidator(definition.fields, definition.consent, { normalisePhone: createPhoneNormaliser(form.phoneCountry) }),
        new Set(definition.fields.map((field) => field.name)),
      ),
    });
  }
  return runtimes;
}
