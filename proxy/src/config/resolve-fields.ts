import {
  CUSTOM_FIELD_DEFAULTS,
  CUSTOM_FIELD_MAX_LENGTH,
  FIELD_CATALOGUE,
  FIELD_LABELS,
  type FieldConfig,
  type FieldType,
  hasForbiddenCharacters,
  isStandardField,
  NUMBER_MAX_LENGTH,
  normaliseText,
  OPTION_TYPES,
  type OptionConfig,
  TEXTAREA_MAX_LENGTH,
} from '@gleantap-capture/shared';
import type { AccountRef, ConfigProblem, ResolvedField, ResolvedOption } from './config.ts';
import { own } from './own.ts';
import { problem } from './problems.ts';
import { reservedFieldReason } from './reserved-names.ts';
import { suggest } from './suggest.ts';

const STANDARD_NAMES: readonly string[] = Object.keys(FIELD_CATALOGUE);

/** A form's inputs with catalogue data applied, and what was wrong with them. */
export interface ResolvedFields {
  readonly fields: readonly ResolvedField[];
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
export function resolveFields(configs: readonly (FieldConfig | undefined)[], formPath: string, locales: readonly string[], accounts: ReadonlyMap<string, AccountRef>): ResolvedFields {
  const problems: ConfigProblem[] = [];
  const fields: ResolvedField[] = [];
  const customFields: string[] = [];
  const firstIndex = new Map<string, number>();
  configs.forEach((config, index) => {
    if (config === undefined) return;
    const path = `${formPath}.fields[${index}]`;
    const earlier = firstIndex.get(config.name);
    if (earlier !== undefined) problems.push(problem(`${path}.name`, `duplicate field "${config.name}" (also fields[${earlier}])`));
    else firstIndex.set(config.name, index);

    const shape = config.custom === true ? customShape(config, path, problems) : config.name === 'location' ? locationShape(config, path, problems) : standardShape(config, path, problems);
    if (shape === undefined) return;
    checkTypeOnlyKeys(config, shape.type, path, problems);
    if (config.maxLength !== undefined && config.maxLength > shape.ceiling) {
      problems.push(problem(`${path}.maxLength`, `may only lower the maximum length (${shape.ceiling} for this field)`));
    }
    const maxLength = Math.min(config.maxLength ?? shape.ceiling, shape.ceiling);
    const options = config.options ? resolveOptions(config.options, shape.type, maxLength, locales, accounts, path, problems) : undefined;
    if (!shape.standard) customFields.push(config.name);
    const help = config.help && localised(config.help, locales, `${path}.help`, problems);
    const placeholder = config.placeholder && localised(config.placeholder, locales, `${path}.placeholder`, problems);
    fields.push({
      name: config.name,
      type: shape.type,
      label: resolveLabel(config, shape.standard, locales, path, problems),
      ...(help ? { help } : {}),
      ...(placeholder ? { placeholder } : {}),
      required: config.required ?? false,
      autocomplete: shape.autocomplete,
      inputmode: shape.inputmode,
      maxLength,
      ...(options ? { options } : {}),
      ...(config.min !== undefined ? { min: config.min } : {}),
      ...(config.max !== undefined ? { max: config.max } : {}),
      ...(config.step !== undefined ? { step: config.step } : {}),
      ...(config.hidden === true ? { hidden: true as const } : {}),
      ...(config.prefill ? { prefill: config.prefill } : {}),
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
    if (entry.type === 'text') type = config.type === 'radio' ? 'radio' : 'select';
    else problems.push(problem(`${path}.options`, `"${name}" is a ${entry.type} field; only text fields can offer options`));
  }
  if (config.type !== undefined && config.type !== type) {
    const hint = entry.type === 'text' ? '; give it options to make it a select or radio' : '';
    problems.push(problem(`${path}.type`, `a standard field's type comes from the catalogue ("${entry.type}")${hint}`));
  }
  const inputmode = OPTION_TYPES.has(type) ? CUSTOM_FIELD_DEFAULTS.select.inputmode : entry.inputmode;
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
  if (type === 'location') {
    problems.push(problem(`${path}.type`, 'the studio picker is the field named "location" (not a custom field): {"name":"location","options":[…]}'));
    return undefined;
  }
  if (config.options && !OPTION_TYPES.has(type)) problems.push(problem(`${path}.options`, `only select, radio and multiselect fields have options (this one is "${type}")`));
  if (OPTION_TYPES.has(type) && !config.options) problems.push(problem(`${path}.options`, `a ${type} field needs options`));
  const ceiling = type === 'textarea' ? TEXTAREA_MAX_LENGTH : type === 'number' ? NUMBER_MAX_LENGTH : CUSTOM_FIELD_MAX_LENGTH;
  return { type, ...CUSTOM_FIELD_DEFAULTS[type], ceiling, standard: false };
}

/**
 * The "which studio?" picker: it fills Gleantap's own `location`, so it is not a custom field,
 * and every option must say which exact location string it stands for.
 */
function locationShape(config: FieldConfig, path: string, problems: ConfigProblem[]): Shape | undefined {
  if (config.type !== undefined && config.type !== 'location') problems.push(problem(`${path}.type`, 'the location field is always of type "location"'));
  if (!config.options) {
    problems.push(problem(`${path}.options`, 'the location field needs options: [{"value":"downtown","label":{"en":"Downtown"},"location":"Downtown Studio"}, …]'));
    return undefined;
  }
  return { type: 'location', ...CUSTOM_FIELD_DEFAULTS.location, ceiling: CUSTOM_FIELD_MAX_LENGTH, standard: true };
}

// The embed and the URL pass text: a checkbox, several choices or a number cannot ride on them unambiguously.
const TEXT_VALUED: ReadonlySet<FieldType> = new Set<FieldType>(['text', 'textarea', 'email', 'tel', 'date', 'select', 'radio', 'location']);

/** Keys that mean something for some types only; elsewhere they are a mistake worth naming. */
function checkTypeOnlyKeys(config: FieldConfig, type: FieldType, path: string, problems: ConfigProblem[]): void {
  for (const key of ['min', 'max', 'step'] as const) {
    if (config[key] !== undefined && type !== 'number') problems.push(problem(`${path}.${key}`, `only number fields have ${key} (this one is "${type}")`));
  }
  if (config.min !== undefined && config.max !== undefined && config.min > config.max) problems.push(problem(`${path}.max`, `must not be less than min (${config.max} < ${config.min})`));
  if (config.hidden === true && !TEXT_VALUED.has(type)) problems.push(problem(`${path}.hidden`, `a ${type} field cannot be hidden: the embed passes text`));
  if (config.hidden === true && config.required === true) problems.push(problem(`${path}.hidden`, 'a hidden field cannot be required: a visitor could not fill it in when the embed leaves it out'));
  if (config.prefill !== undefined && !TEXT_VALUED.has(type)) problems.push(problem(`${path}.prefill`, `a ${type} field cannot be prefilled from the URL, which carries text`));
}

/** A text in every locale of the form, or a problem at `path.<locale>` for each one missing. */
function localised(text: Readonly<Record<string, string>>, locales: readonly string[], path: string, problems: ConfigProblem[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const locale of locales) {
    const value = own(text, locale);
    if (value === undefined) problems.push(problem(`${path}.${locale}`, 'missing: every locale of the form needs this text'));
    else result[locale] = value;
  }
  return result;
}

function resolveOptions(
  configs: readonly (string | OptionConfig)[],
  type: FieldType,
  maxLength: number,
  locales: readonly string[],
  accounts: ReadonlyMap<string, AccountRef>,
  path: string,
  problems: ConfigProblem[],
): ResolvedOption[] {
  const options = configs.map((config) => (typeof config === 'string' ? { value: config } : config));
  checkOptions(
    options.map((option) => option.value),
    maxLength,
    path,
    problems,
  );
  return options.map((option, index) => {
    const at = `${path}.options[${index}]`;
    // Gleantap gets a multiselect's choices joined with commas; a comma inside one would split it.
    if (type === 'multiselect' && option.value.includes(',')) problems.push(problem(`${at}.value`, 'a multiselect option may not contain a comma: choices are sent comma-joined'));
    const label = option.label ? localised(option.label, locales, `${at}.label`, problems) : Object.fromEntries(locales.map((locale) => [locale, option.value]));
    if (type !== 'location') {
      if (option.location !== undefined) problems.push(problem(`${at}.location`, 'only options of the location field lead to a location'));
      if (option.account !== undefined) problems.push(problem(`${at}.account`, 'only options of the location field choose an account'));
      return { value: option.value, label };
    }
    if (option.location === undefined) problems.push(problem(`${at}.location`, 'missing: the exact Gleantap location string this option stands for'));
    let account: AccountRef | undefined;
    if (option.account !== undefined) {
      account = accounts.get(option.account);
      if (account === undefined) {
        const meant = suggest(option.account, [...accounts.keys()]);
        problems.push(problem(`${at}.account`, `no account "${option.account}" in accounts${meant ? `; did you mean "${meant}"?` : ''}`));
      }
    }
    return { value: option.value, label, ...(option.location !== undefined ? { location: option.location } : {}), ...(account ? { account } : {}) };
  });
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
    // `es-MX` takes the Spanish label: built-in labels are per language.
    const language = locale.split('-')[0]?.toLowerCase();
    const builtIn = standard && isStandardField(config.name) && (language === 'en' || language === 'es') ? FIELD_LABELS[language][config.name] : undefined;
    const text = own(config.label, locale) ?? builtIn;
    if (text !== undefined) label[locale] = text;
    else {
      const why = standard && config.name !== 'location' ? 'built-in labels exist only for en and es' : 'every locale of the form needs a label';
      problems.push(problem(`${path}.label.${locale}`, `missing: ${why}`));
    }
  }
  return label;
}
