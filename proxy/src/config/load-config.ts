import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkAccounts } from './accounts.ts';
import { captchaSecrets } from './captcha-secrets.ts';
import type { Config, ConfigProblem, ConfigResult, OutboxSettings, ResolvedForm } from './config.ts';
import { OUTBOX_DEFAULTS } from './defaults.ts';
import { parseDuration } from './duration.ts';
import { checkEnvRules } from './env-rules.ts';
import { builtInSource, type FormsSource, validateFormsFile } from './forms-source.ts';
import { deepFreeze, FrozenMap, SecretMap } from './frozen.ts';
import { mergeForms } from './merge-forms.ts';
import { parseEnv } from './parse-env.ts';
import { childPath, problem } from './problems.ts';
import { readFormsFile } from './read-forms-file.ts';
import { resolveAlerts } from './resolve-alerts.ts';
import { type FormContext, resolveForm } from './resolve-form.ts';
import { type OriginSource, resolveOrigins } from './resolve-origins.ts';
import { selfCheckForms } from './self-check.ts';

/** Where loadConfig reads from; both are injectable so tests need no files or chdir. */
export interface LoadConfigOptions {
  /** Reads the forms file as UTF-8 text; default `fs.readFileSync`. */
  readonly readFile?: (path: string) => string;
  /** Directory relative CAPTURE_CONFIG and DATA_DIR paths start from; default `process.cwd()`. */
  readonly cwd?: string;
}

/**
 * Parses the environment and the forms file once, applies every default and rule, and returns
 * either one frozen Config or every problem found. Never throws for bad input and never puts
 * a secret value in a problem.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>, options: LoadConfigOptions = {}): ConfigResult {
  const cwd = options.cwd ?? process.cwd();
  const readFile = options.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  const parsed = parseEnv(env);
  const problems: ConfigProblem[] = [...parsed.problems, ...checkEnvRules(parsed.env, parsed.failed)];

  // Falling back to the built-in form here would report problems of a form nobody asked for.
  if (parsed.failed.has('CAPTURE_CONFIG')) return failure(problems);
  const shownPath = parsed.env.CAPTURE_CONFIG;
  const configPath = shownPath === undefined ? undefined : resolve(cwd, shownPath);
  let source: FormsSource;
  let rawFile: unknown;
  if (shownPath === undefined || configPath === undefined) {
    source = builtInSource();
  } else {
    const read = readFormsFile(shownPath, configPath, readFile);
    if (!read.ok) return failure([...problems, read.problem]);
    rawFile = read.json;
    source = validateFormsFile(read.json);
  }
  problems.push(...source.problems);
  const merged = mergeForms(source);
  problems.push(...merged.problems);

  const accounts = checkAccounts(merged.forms, env, parsed.failed, source.accounts);
  problems.push(...accounts.problems);

  const envOrigins: OriginSource | undefined = parsed.failed.has('ALLOWED_ORIGINS')
    ? { origins: [], complete: false }
    : parsed.env.ALLOWED_ORIGINS && { origins: parsed.env.ALLOWED_ORIGINS, complete: true };
  const forms = new Map<string, ResolvedForm>();
  const context: FormContext = {
    defaults: source.defaults,
    defaultOrigins: source.defaults.allowedOrigins && resolveOrigins(source.defaults.allowedOrigins, 'defaults.allowedOrigins', problems),
    envOrigins,
    defaultAppId: parsed.env.GLEANTAP_APP_ID,
    builtIn: configPath === undefined,
    accounts: new Map(Object.entries(source.accounts).map(([name, account]) => [name, { appId: account.appId, apiKeyEnv: account.apiKeyEnv, secretKeyEnv: account.secretKeyEnv }])),
  };
  for (const { id, parts, invalid } of merged.forms) {
    if (parts === undefined) continue;
    const resolved = resolveForm(id, parts, invalid, context);
    problems.push(...resolved.problems);
    forms.set(id, resolved.form);
  }
  const captcha = captchaSecrets(forms, env);
  problems.push(...captcha.problems);
  const outbox = resolveOutbox(source.outbox, source.invalidOutbox, problems);
  const alerts = resolveAlerts(rawFile, env);
  problems.push(...alerts.problems);
  // Only a form that passed every rule is whole enough to build a contact from.
  if (problems.length === 0) problems.push(...selfCheckForms(forms));

  if (problems.length > 0)
    return failure(
      problems,
      source.forms.map((item) => item.id),
    );
  const { env: values } = parsed;
  const config: Config = {
    port: values.PORT,
    host: values.HOST,
    dataDir: resolve(cwd, values.DATA_DIR),
    databaseUrl: values.DATABASE_URL,
    trustProxy: values.TRUST_PROXY,
    tokenSecret: values.TOKEN_SECRET,
    metrics: { port: values.METRICS_PORT, token: values.METRICS_TOKEN },
    logLevel: values.LOG_LEVEL,
    logFormat: values.LOG_FORMAT,
    server: { headersMs: values.HEADERS_TIMEOUT_MS, requestMs: values.REQUEST_TIMEOUT_MS, keepAliveMs: values.KEEP_ALIVE_TIMEOUT_MS },
    gleantap: {
      baseUrl: values.GLEANTAP_BASE_URL,
      connectTimeoutMs: values.UPSTREAM_CONNECT_TIMEOUT_MS,
      headersTimeoutMs: values.UPSTREAM_HEADERS_TIMEOUT_MS,
      totalTimeoutMs: values.UPSTREAM_TIMEOUT_MS,
    },
    captchaVerifyBaseUrl: values.CAPTCHA_VERIFY_BASE_URL,
    forms: new FrozenMap(forms),
    outbox,
    alerts: alerts.settings,
    // Webhook and CAPTCHA secrets join the key values: looked up by name, scrubbed from every log line.
    secrets: new SecretMap([...accounts.secrets, ...alerts.secrets, ...captcha.secrets]),
    configPath,
  };
  return deepFreeze({ ok: true, config });
}

function resolveOutbox(outbox: FormsSource['outbox'], invalid: ReadonlySet<string>, problems: ConfigProblem[]): OutboxSettings {
  const baseMs = outbox.backoff?.baseMs ?? OUTBOX_DEFAULTS.backoff.baseMs;
  const capMs = outbox.backoff?.capMs ?? OUTBOX_DEFAULTS.backoff.capMs;
  if (baseMs > capMs && !invalid.has('backoff')) problems.push(problem('outbox.backoff.baseMs', `must not exceed capMs (${baseMs} > ${capMs})`));
  const duration = (key: 'deadAfter' | 'alertAfter' | 'retainDelivered' | 'retainDead'): number => {
    const ms = parseDuration(outbox[key] ?? OUTBOX_DEFAULTS[key]);
    if (ms === undefined) problems.push(problem(`outbox.${key}`, 'must be a duration like 30s, 15m, 24h or 7d'));
    return ms ?? 0;
  };
  return {
    inlineBudgetMs: outbox.inlineBudgetMs ?? OUTBOX_DEFAULTS.inlineBudgetMs,
    backoff: { baseMs, capMs },
    deadAfterMs: duration('deadAfter'),
    alertAfterMs: duration('alertAfter'),
    retainDeliveredMs: duration('retainDelivered'),
    retainDeadMs: duration('retainDead'),
    concurrency: outbox.concurrency ?? OUTBOX_DEFAULTS.concurrency,
  };
}

/**
 * Drops exact repeats (a `defaults` mistake is found once per form), orders the list as an
 * owner reads it (environment, then the file's top level, then form by form in file order)
 * and freezes it.
 */
function failure(problems: readonly ConfigProblem[], formIds: readonly string[] = []): ConfigResult {
  const seen = new Set<string>();
  const unique = problems.filter(({ path, message }) => {
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const rank = ({ path }: ConfigProblem): number => {
    if (/^[A-Z][A-Z0-9_]*$/.test(path)) return 0;
    const index = formIds.findIndex((id) => path === childPath('forms', id) || path.startsWith(`${childPath('forms', id)}.`) || path.startsWith(`${childPath('forms', id)}[`));
    return index === -1 ? 1 : 2 + index;
  };
  // Array#sort is stable, so problems keep their discovery order within a group.
  return deepFreeze({ ok: false, problems: unique.sort((a, b) => rank(a) - rank(b)) });
}
