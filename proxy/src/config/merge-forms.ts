import type { FieldConfig } from '@gleantap-capture/shared';
import type { ConfigProblem } from './config.ts';
import type { FormDefaults, FormParts, FormsSource, SourceForm } from './forms-source.ts';
import { childPath, problem } from './problems.ts';
import { suggest } from './suggest.ts';

type Texts = Readonly<Record<string, string>> | undefined;

const mergeTexts = (base: Texts, over: Texts): Texts => (base === undefined ? over : over === undefined ? base : { ...base, ...over });

/** Fields merge by name: a later field replaces the earlier one in its place; new ones follow in order. */
function mergeFields(base: FormParts['fields'], over: FormParts['fields']): FormParts['fields'] {
  if (base === undefined) return over;
  if (over === undefined) return base;
  const merged: (FieldConfig | undefined)[] = [...base];
  for (const field of over) {
    const index = field === undefined ? -1 : merged.findIndex((earlier) => earlier?.name === field.name);
    if (index === -1) merged.push(field);
    else merged[index] = field;
  }
  return merged;
}

/**
 * `over` on top of `base`, by the documented rules: fields by name (later wins), consent per
 * kind, theme key by key, texts per locale (messages per locale per key), anything else whole.
 */
export function mergeParts(base: Partial<FormParts>, over: Partial<FormParts>): Partial<FormParts> {
  const messages: Record<string, object> = { ...base.messages };
  for (const [locale, overrides] of Object.entries(over.messages ?? {})) messages[locale] = { ...messages[locale], ...overrides };
  const success =
    base.success === undefined ? over.success : over.success === undefined ? base.success : { ...base.success, ...over.success, message: mergeTexts(base.success.message, over.success.message) };
  const merged: Partial<FormParts> = {
    ...base,
    ...over,
    fields: mergeFields(base.fields, over.fields),
    consent: base.consent === undefined ? over.consent : { ...base.consent, ...over.consent },
    theme: base.theme === undefined ? over.theme : { ...base.theme, ...over.theme },
    messages: base.messages === undefined && over.messages === undefined ? undefined : messages,
    success,
    heading: mergeTexts(base.heading, over.heading),
    intro: mergeTexts(base.intro, over.intro),
    submitLabel: mergeTexts(base.submitLabel, over.submitLabel),
  };
  // An absent key stays absent, so `form.x ?? defaults.x` still sees it missing.
  for (const key of Object.keys(merged) as (keyof FormParts)[]) if (merged[key] === undefined) delete merged[key];
  delete merged.extends;
  return merged;
}

/** The blocks `defaults` shares with every form (its other keys are inherited setting by setting). */
function sharedDefaults(defaults: FormDefaults): Partial<FormParts> {
  const { fields, consent, success, heading, intro, submitLabel, messages, theme } = defaults;
  return { fields, consent, success, heading, intro, submitLabel, messages, theme };
}

/**
 * Applies `defaults` blocks and `extends` chains, so every form is judged as it will run.
 * An unknown form or a cycle in a chain is one problem at the form's `extends`; such a form,
 * or one extending a form that cannot be judged, is left unjudged (its parts undefined).
 */
export function mergeForms(source: FormsSource): { forms: SourceForm[]; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const byId = new Map(source.forms.map((form) => [form.id, form]));
  const base = sharedDefaults(source.defaults);
  const forms = source.forms.map((form): SourceForm => {
    if (form.parts === undefined) return form;
    const chain = [form];
    let current = form;
    while (current.parts?.extends !== undefined) {
      const parentId = current.parts.extends;
      const at = `${childPath('forms', current.id)}.extends`;
      const parent = byId.get(parentId);
      if (parent === undefined) {
        const meant = suggest(parentId, [...byId.keys()]);
        if (current === form) problems.push(problem(at, `no form "${parentId}" to extend${meant ? `; did you mean "${meant}"?` : ''}`));
        return { ...form, parts: undefined };
      }
      if (chain.includes(parent)) {
        const names = [...chain.map((item) => `"${item.id}"`), `"${parent.id}"`].join(' → ');
        problems.push(problem(`${childPath('forms', form.id)}.extends`, `${names} is a cycle: a form cannot extend itself, directly or through others`));
        return { ...form, parts: undefined };
      }
      if (parent.parts === undefined) return { ...form, parts: undefined };
      chain.push(parent);
      current = parent;
    }
    // Oldest ancestor first, the form itself last: later wins.
    const parts = chain.reverse().reduce((merged, item) => mergeParts(merged, item.parts ?? {}), base) as FormParts;
    return { ...form, parts, account: parts.account, usesDefaultAccount: parts.account === undefined };
  });
  return { forms, problems };
}
