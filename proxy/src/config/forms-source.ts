import { AccountConfig, FieldConfig, FormConfig, FormId, FormsFile, isPlainRecord, isSafeKey, OutboxConfig } from '@gleantap-capture/shared';
import type { ConfigProblem } from './config.ts';
import { DEFAULT_FORM, DEFAULT_FORM_ID } from './defaults.ts';
import { parseParts } from './parse-parts.ts';
import { childPath, issuesToProblems, PARSE_OPTIONS, problem } from './problems.ts';

/** The file's `defaults` block (empty when the file has none). */
export type FormDefaults = NonNullable<FormsFile['defaults']>;

/** A form's valid parts; `fields` keeps each field at its index, undefined where it failed the schema. */
export type FormParts = Omit<FormConfig, 'fields'> & { readonly fields?: readonly (FieldConfig | undefined)[] };

/** The file's named accounts, as far as they are valid. */
export type NamedAccounts = NonNullable<FormsFile['accounts']>;

const NONE: ReadonlySet<string> = new Set();

/** One form of the file. */
export interface SourceForm {
  readonly id: string;
  /** Undefined when too little is valid to judge the form (its id, or the locales it is written in). */
  readonly parts: FormParts | undefined;
  /** Keys that failed the schema, the form's own or inherited from `defaults`; rules that read them are skipped. */
  readonly invalid: ReadonlySet<string>;
  /** True when the form names no `account`, so it needs the default account's variables. */
  readonly usesDefaultAccount: boolean;
  readonly account: AccountConfig | undefined;
}

/** The forms file as far as it is valid, with every schema problem. */
export interface FormsSource {
  readonly defaults: FormDefaults;
  readonly outbox: OutboxConfig;
  readonly accounts: NamedAccounts;
  /** Outbox keys that failed the schema. */
  readonly invalidOutbox: ReadonlySet<string>;
  readonly forms: readonly SourceForm[];
  readonly problems: readonly ConfigProblem[];
}

/** The one form served without CAPTURE_CONFIG. */
export function builtInSource(): FormsSource {
  const form: SourceForm = { id: DEFAULT_FORM_ID, parts: DEFAULT_FORM, invalid: NONE, usesDefaultAccount: true, account: undefined };
  return { defaults: {}, outbox: {}, accounts: {}, invalidOutbox: NONE, forms: [form], problems: [] };
}

/**
 * Validates the file with the shared FormsFile schema. When that fails, every part is parsed
 * on its own as well, so the semantic rules still run on whatever is valid.
 */
export function validateFormsFile(json: unknown): FormsSource {
  const parsed = FormsFile.safeParse(json, PARSE_OPTIONS);
  if (parsed.success) {
    const file = parsed.data;
    const forms = Object.entries(file.forms).map(([id, config]): SourceForm => ({ id, parts: config, invalid: NONE, usesDefaultAccount: config.account === undefined, account: config.account }));
    return { defaults: file.defaults ?? {}, outbox: file.outbox ?? {}, accounts: file.accounts ?? {}, invalidOutbox: NONE, forms, problems: formIdProblems(forms, true) };
  }
  const raw = isPlainRecord(json) ? json : {};
  // Each part was parsed by the very schema FormsFile uses for it, so the casts only restore the type.
  const defaults = parseParts(FormsFile.shape.defaults.def.innerType.shape, raw['defaults'] ?? {});
  const outbox = parseParts(OutboxConfig.shape, raw['outbox'] ?? {});
  // Each valid account is kept, so a typo in one does not report every option naming another as unknown.
  const accounts = isPlainRecord(raw['accounts']) ? Object.fromEntries(Object.entries(raw['accounts']).filter(([name, value]) => isSafeKey(name) && AccountConfig.safeParse(value).success)) : {};
  const rawForms = isPlainRecord(raw['forms']) ? Object.entries(raw['forms']) : [];
  const forms = rawForms.map(([id, value]) => salvageForm(id, value, defaults.invalid));
  return {
    defaults: defaults.value as FormDefaults,
    outbox: outbox.value as OutboxConfig,
    accounts: accounts as NamedAccounts,
    invalidOutbox: outbox.invalid,
    forms,
    problems: [...issuesToProblems(parsed.error.issues, 'CAPTURE_CONFIG', FormsFile), ...formIdProblems(forms, isPlainRecord(raw['forms']))],
  };
}

function salvageForm(id: string, value: unknown, invalidDefaults: ReadonlySet<string>): SourceForm {
  const usesDefaultAccount = !(isPlainRecord(value) && value['account'] !== undefined);
  const whole = FormConfig.safeParse(value);
  if (whole.success) {
    const inherited = [...invalidDefaults].filter((key) => (whole.data as Record<string, unknown>)[key] === undefined);
    return finish(id, whole.data, new Set(inherited), usesDefaultAccount);
  }
  const { value: parsed, invalid } = parseParts(FormConfig.shape, value);
  const own = new Set(invalid);
  for (const key of invalidDefaults) if (parsed[key] === undefined) own.add(key);
  const rawFields = isPlainRecord(value) && Array.isArray(value['fields']) ? value['fields'] : [];
  const fields = rawFields.map((field: unknown) => {
    const result = FieldConfig.safeParse(field);
    return result.success ? result.data : undefined;
  });
  return finish(id, { ...parsed, fields } as FormParts, own, usesDefaultAccount);
}

function finish(id: string, parts: FormParts, invalid: ReadonlySet<string>, usesDefaultAccount: boolean): SourceForm {
  // Labels, consent texts and button texts are all judged per locale: without valid locales
  // every one of those verdicts would be a guess, so such a form waits for its schema fix.
  const judgeable = FormId.safeParse(id).success && !invalid.has('locales');
  return { id, parts: judgeable ? parts : undefined, invalid, usesDefaultAccount, account: parts.account };
}

/** `formsIsRecord` is false when the schema already refused `forms` itself. */
function formIdProblems(forms: readonly SourceForm[], formsIsRecord: boolean): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (formsIsRecord && forms.length === 0) problems.push(problem('forms', 'no forms: add at least one'));
  for (const { id } of forms) {
    // `constructor` matches the id pattern; refusing it keeps any `forms[id]` lookup safe.
    if (!isSafeKey(id)) problems.push(problem(childPath('forms', id), 'reserved form id'));
  }
  return problems;
}
