import {
  CUSTOM_FIELD_DEFAULTS,
  CUSTOM_FIELD_MAX_LENGTH,
  type DefinitionField,
  FIELD_CATALOGUE,
  FIELD_LABELS,
  type FieldConfig,
  type FieldType,
  hasForbiddenCharacters,
  isStandardField,
  normaliseText,
  TEXTAREA_MAX_LENGTH,
} from '@gleantap-capture/shared';
import type { ConfigProblem } from './config.ts';
import { own } from './own.ts';
import { problem } from './problems.ts';
import { reservedFieldReason } from './reserved-names.ts';
import { suggest } from './suggest.ts';

const STANDARD_NAMES: readonly string[] = Object.keys(FIELD_CATALOGUE);

/** A form's inputs with catalogue data applied, and what was wrong with them. */
export interface ResolvedFields {
  readonly fields: readonly DefinitionField[];
  readonly customFields: readonly string[];
  readonly problems: readonly ConfigProblem[];
}

interface Shape {
  readonly type: FieldType;
  readonly autocomplete: string;
  readonly inputmode: string;
  /** The catalogue's maximum length; configuration may only lower it. */
  readonly ceiling: number;
  readonly standard: boolean;
}

/**
 * Resolves a form's `fields` against the catalogue, with a label in every locale. A field that
 * failed the schema is undefined here: it is skipped, and the others keep their indexes.
 */
export function resolveFields(configs: readonly (FieldConfig | undefined)[], formPath: string, locales: readonly string[]): ResolvedFields {
  const problems: ConfigProblem[] = [];
  const fields: DefinitionField[] = [];
  const customFields: string[] = [];
  const firstIndex = new Map<string, number>();
  configs.forEach((config, index) => {
    if (config === undefined) return;
    const path = `${formPath}.fields[${index}]`;
    const earlier = firstIndex.get(config.name);
    if (earlier !== undefined) problems.push(problem(`${path}.name`, `duplicate field "${config.name}" (also fields[${earlier}])`));
    else firstIndex.set(config.name, index);

    const shape = config.custom === true ? customShape(config, path, problems) : standardShape(config, path, problems);
    if (shape === undefined) return;
    if (config.maxLength !== undefined && config.maxLength > shape.ceiling) {
      problems.push(problem(`${path}.maxLength`, `may only lower the maximum length (${shape.ceiling} for this field)`));
    }
    const maxLength = Math.min(config.maxLength ?? shape.ceiling, shape.ceiling);
    if (config.options) checkOptions(config.options, maxLength, path, problems);
    if (!shape.standard) customFields.push(config.name);
    fields.push({
      name: config.name,
      type: shape.type,
      label: resolveLabel(config, shape.standard, locales, path, problems),
      required: config.required ?? false,
      autocomplete: shape.autocomplete,
      inputmode: shape.inputmode,
      maxLength,
      ...(config.options ? { options: [...config.options] } : {}),
    });
  });
  return { fields, customFields, problems };
}

function standardShape(config: FieldConfig, path: string, problems: ConfigProblem[]): Shape | undefined {
  const { name } = config;
  if (!isStandardField(name)) {
    const reserved = reservedFieldReason(name);
    // A near miss of a standard name is a typo far more often than a new attribute: "custom": true
    // would make `frist_name` a custom attribute and leave first_name missing.
    const meant = suggest(name, STANDARD_NAMES);
    problems.push(
      problem(
        `${path}.name`,
        reserved !== undefined
          ? `${reserved}; it cannot be a form field`
          : meant !== undefined
            ? `"${name}" is not a standard field; did you mean "${meant}"?`
            : `"${name}" is not a standard field; add "custom": true to collect it as a custom attribute`,
      ),
    );
    return undefined;
  }
  const entry = FIELD_CATALOGUE[name];
  let type: FieldType = entry.type;
  if (config.options) {
    // A select checks membership only, so only free-text fields may become one: an email or
    // phone select would skip the address and number checks.
    if (entry.type === 'text') type = 'select';
    else problems.push(problem(`${path}.options`, `"${name}" is a ${entry.type} field; only text fields can offer options`));
  }
  if (config.type !== undefined && config.type !== type) {
    const hint = entry.type === 'text' ? '; give it options to make it a select' : '';
    problems.push(problem(`${path}.type`, `a standard field's type comes from the catalogue ("${entry.type}")${hint}`));
  }
  const inputmode = type === 'select' ? CUSTOM_FIELD_DEFAULTS.select.inputmode : entry.inputmode;
  return { type, autocomplete: entry.autocomplete, inputmode, ceiling: entry.maxLength, standard: true };
}

function customShape(config: FieldConfig, path: string, problems: ConfigProblem[]): Shape | undefined {
  const { name } = config;
  if (isStandardField(name)) {
    problems.push(problem(`${path}.name`, `"${name}" is a standard field; remove "custom": true`));
    return undefined;
  }
  const reserved = reservedFieldReason(name);
  if (reserved !== undefined) {
    problems.push(problem(`${path}.name`, `${reserved}; choose another name`));
    return undefined;
  }
  const type: FieldType = config.type ?? (config.options ? 'select' : 'text');
  if (config.options && type !== 'select') problems.push(problem(`${path}.options`, `only select fields have options (this one is "${type}")`));
  if (type === 'select' && !config.options) problems.push(problem(`${path}.options`, 'a select field needs options'));
  const ceiling = type === 'textarea' ? TEXTAREA_MAX_LENGTH : CUSTOM_FIELD_MAX_LENGTH;
  return { type, ...CUSTOM_FIELD_DEFAULTS[type], ceiling, standard: false };
}

/** Options a visitor could never submit successfully are configuration mistakes. */
function checkOptions(options: readonly string[], maxLength: number, path: string, problems: ConfigProblem[]): void {
  const seen = new Set<string>();
  options.forEach((option, index) => {
    const at = `${path}.options[${index}]`;
    if (seen.has(option)) problems.push(problem(at, `duplicate option "${option}"`));
    seen.add(option);
    // Submitted values are normalised before the membership check, so an option must already be.
    if (hasForbiddenCharacters(option)) problems.push(problem(at, 'contains control or bidi-override characters'));
    else if (normaliseText(option) !== option) problems.push(problem(at, 'has leading or trailing white space or is not NFC-normalised, so it could never match'));
    if (option.length > maxLength) problems.push(problem(at, `is longer than the field's maximum length (${maxLength}), so it could never be chosen`));
  });
}

function resolveLabel(config: FieldConfig, standard: boolean, locales: readonly string[], path: string, problems: ConfigProblem[]): Record<string, string> {
  const label: Record<string, string> = {};
  for (const locale of locales) {
    const builtIn = standard && isStandardField(config.name) && (locale === 'en' || locale === 'es') ? FIELD_LABELS[locale][config.name] : undefined;
    const text = own(config.label, locale) ?? builtIn;
    if (text !== undefined) label[locale] = text;
    else {
      const why = standard ? 'built-in labels exist only for en and es' : 'every locale of the form needs a label';
      problems.push(problem(`${path}.label.${locale}`, `missing: ${why}`));
    }
  }
  return label;
}
