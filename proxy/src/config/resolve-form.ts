import { resolveBots } from '../bots/resolve-bots.ts';
import type { AccountRef, ConfigProblem, RateWindow, ResolvedForm } from './config.ts';
import { DEFAULT_ACCOUNT_ENV, FORM_DEFAULTS } from './defaults.ts';
import { parseDuration } from './duration.ts';
import { resolveExemptIps } from './exempt-ips.ts';
import { checkContactKey, checkContactNames, checkContextAttributes, checkDoubleOptin, checkUserId } from './form-rules.ts';
import type { FormDefaults, FormParts } from './forms-source.ts';
import { FrozenSet } from './frozen.ts';
import { childPath, problem } from './problems.ts';
import { resolveConsent } from './resolve-consent.ts';
import { resolveFields } from './resolve-fields.ts';
import { type OriginSource, resolveOrigins } from './resolve-origins.ts';
import { resolveFormMessages, resolveOptionalText, resolveText } from './resolve-texts.ts';
import { checkThemeContrast } from './theme-rules.ts';

/** What a form inherits from outside itself. */
export interface FormContext {
  readonly defaults: FormDefaults;
  /** `defaults.allowedOrigins`, normalised; undefined when not set. */
  readonly defaultOrigins: OriginSource | undefined;
  /** `ALLOWED_ORIGINS`, normalised; undefined when not set. */
  readonly envOrigins: OriginSource | undefined;
  /** `GLEANTAP_APP_ID`, for forms on the default account. */
  readonly defaultAppId: string | undefined;
  /** The built-in form (no CAPTURE_CONFIG): its only outside input is ALLOWED_ORIGINS. */
  readonly builtIn: boolean;
  /** The file's named accounts, for location options that choose one. */
  readonly accounts: ReadonlyMap<string, AccountRef>;
}

type WindowName = 'perIp' | 'perForm' | 'definitionPerIp';

/**
 * Applies defaults to one form and checks the rules that need the whole form. Keys in
 * `invalid` already failed the schema; rules that read them are skipped rather than
 * judged on a guess.
 */
export function resolveForm(id: string, form: FormParts, invalid: ReadonlySet<string>, context: FormContext): { form: ResolvedForm; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const path = childPath('forms', id);
  const { defaults } = context;
  // A rule that reads a key which failed the schema would judge a guess: its verdict goes nowhere.
  const unjudged: ConfigProblem[] = [];
  const sink = (...keys: string[]) => (keys.some((key) => invalid.has(key)) ? unjudged : problems);
  const locales = resolveLocales(form, defaults, path, problems);
  const configured = form.fields ?? [];
  if (configured.length === 0 && !invalid.has('fields')) problems.push(problem(`${path}.fields`, 'no fields: list them here, in defaults.fields or in the form this one extends'));
  const { fields, customFields, problems: fieldProblems } = resolveFields(configured, path, locales, context.accounts);
  problems.push(...fieldProblems);
  const location = form.location ?? defaults.location;
  if (location !== undefined && fields.some((field) => field.type === 'location')) {
    const at = form.location !== undefined ? `${path}.location` : 'defaults.location';
    problems.push(problem(at, `the form fixes location "${location}" and also lets the visitor pick one (its "location" field): remove one of them`));
  }
  const allFields = !invalid.has('fields') && configured.every((field) => field !== undefined);
  if (allFields) {
    checkContactNames(fields, path, problems);
    checkContactKey(fields, path, problems);
    checkUserId(form, fields, path, sink('userId'));
    checkDoubleOptin(form, fields, path, sink('userId', 'consent'));
  }
  checkContextAttributes(form, customFields, path, problems);
  checkThemeContrast(form.theme, path, sink('theme'));
  const messages = resolveFormMessages(form.messages, locales, path, sink('messages'));

  const window = (name: WindowName): RateWindow => {
    const chosen = form.rateLimit?.[name] ?? defaults.rateLimit?.[name] ?? FORM_DEFAULTS.rateLimit[name];
    return { max: chosen.max, windowSeconds: chosen.windowSeconds };
  };
  const minTokenAgeMs = tokenAge(form, defaults, 'minTokenAge', path, problems);
  const maxTokenAgeMs = tokenAge(form, defaults, 'maxTokenAge', path, problems);
  if (minTokenAgeMs >= maxTokenAgeMs) {
    const at = form.maxTokenAge === undefined && form.minTokenAge === undefined ? 'defaults.maxTokenAge' : `${path}.maxTokenAge`;
    sink('minTokenAge', 'maxTokenAge').push(problem(at, 'must be longer than minTokenAge, or no token would ever be accepted'));
  }

  const phoneCountry = form.phoneCountry ?? defaults.phoneCountry ?? FORM_DEFAULTS.phoneCountry;
  const allowedOrigins = new FrozenSet(resolveFormOrigins(id, form, context, sink('allowedOrigins')));
  const resolved: ResolvedForm = {
    id,
    fields,
    customFields: new FrozenSet(customFields),
    consent: resolveConsent(form.consent, path, locales, problems),
    smsMode: form.consent?.sms?.mode,
    allowedOrigins,
    source: form.source ?? defaults.source ?? FORM_DEFAULTS.source,
    tags: [...(form.tags ?? defaults.tags ?? [])],
    tagAction: form.tagAction ?? defaults.tagAction ?? FORM_DEFAULTS.tagAction,
    // No built-in type or status: Gleantap updates a matching contact, and an invented
    // `prospect` would demote an existing member (see docs/security.md, create-or-update).
    type: form.type ?? defaults.type,
    status: form.status ?? defaults.status,
    location,
    sendCreatedDate: form.sendCreatedDate ?? defaults.sendCreatedDate ?? FORM_DEFAULTS.sendCreatedDate,
    rateLimit: {
      perIp: window('perIp'),
      perForm: window('perForm'),
      definitionPerIp: window('definitionPerIp'),
      exemptIps: resolveExemptIps(form.rateLimit?.exemptIps, defaults.rateLimit?.exemptIps, path, sink('rateLimit')),
    },
    phoneCountry,
    locales,
    contextAttributes: { ...form.contextAttributes },
    userId: form.userId,
    success: {
      message: resolveText(form.success?.message, messages, 'success', locales),
      redirectUrl: form.success?.redirectUrl ?? undefined,
    },
    submitLabel: resolveText(form.submitLabel, messages, 'submit', locales),
    heading: resolveOptionalText(form.heading, locales, `${path}.heading`, sink('heading')),
    intro: resolveOptionalText(form.intro, locales, `${path}.intro`, sink('intro')),
    messages,
    theme: { ...form.theme },
    account: form.account
      ? { appId: form.account.appId, apiKeyEnv: form.account.apiKeyEnv, secretKeyEnv: form.account.secretKeyEnv }
      : { appId: context.defaultAppId ?? '', apiKeyEnv: DEFAULT_ACCOUNT_ENV.apiKeyEnv, secretKeyEnv: DEFAULT_ACCOUNT_ENV.secretKeyEnv },
    minTokenAgeMs,
    maxTokenAgeMs,
    bots: resolveBots(form.bots, defaults.bots, { phoneCountry, allowedOrigins }, path, sink('bots', 'allowedOrigins', 'phoneCountry')),
  };
  return { form: resolved, problems };
}

function resolveLocales(form: FormParts, defaults: FormDefaults, path: string, problems: ConfigProblem[]): string[] {
  const locales = form.locales ?? defaults.locales ?? FORM_DEFAULTS.locales;
  const at = form.locales ? `${path}.locales` : 'defaults.locales';
  const seen = new Set<string>();
  for (const locale of locales) {
    if (seen.has(locale)) problems.push(problem(at, `duplicate locale "${locale}"`));
    seen.add(locale);
  }
  return [...seen];
}

function tokenAge(form: FormParts, defaults: FormDefaults, key: 'minTokenAge' | 'maxTokenAge', path: string, problems: ConfigProblem[]): number {
  const value = form[key] ?? defaults[key] ?? FORM_DEFAULTS[key];
  const ms = parseDuration(value);
  if (ms !== undefined) return ms;
  // The schema already holds durations to the same pattern; this only guards a drift between the two.
  problems.push(problem(form[key] ? `${path}.${key}` : `defaults.${key}`, 'must be a duration like 30s, 15m, 24h or 7d'));
  return 0;
}

/** A form's own list replaces `defaults.allowedOrigins`, which replaces ALLOWED_ORIGINS. */
function resolveFormOrigins(id: string, form: FormParts, context: FormContext, problems: ConfigProblem[]): readonly string[] {
  const path = childPath('forms', id);
  const source = form.allowedOrigins !== undefined ? resolveOrigins(form.allowedOrigins, `${path}.allowedOrigins`, problems) : (context.defaultOrigins ?? context.envOrigins);
  // A list with refused entries already has its problems; "no origins" on top would be noise.
  if ((source?.origins.length ?? 0) === 0 && source?.complete !== false) {
    problems.push(
      context.builtIn
        ? problem('ALLOWED_ORIGINS', `required: the built-in form "${id}" needs at least one origin (CAPTURE_CONFIG is not set)`)
        : problem(`${path}.allowedOrigins`, 'no origin may use this form: list origins here, in defaults.allowedOrigins or in ALLOWED_ORIGINS'),
    );
  }
  return source?.origins ?? [];
}
