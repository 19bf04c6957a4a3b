import { KEY_ENV_PATTERN } from '@gleantap-capture/shared';
import type { ConfigProblem } from './config.ts';
import { DEFAULT_ACCOUNT_ENV } from './defaults.ts';
import type { NamedAccounts, SourceForm } from './forms-source.ts';
import { FrozenSet, SecretMap } from './frozen.ts';
import { childPath, problem } from './problems.ts';

/** Variables that hold settings, not keys; naming one as a key would send it as a header. */
const NOT_KEY_VARIABLES: ReadonlySet<string> = new FrozenSet(['GLEANTAP_APP_ID', 'GLEANTAP_BASE_URL']);
// Keys travel as HTTP header values: white space or control characters are a paste accident.
const BAD_KEY_CHARACTERS = /[\s\u0000-\u001F\u007F]/;

type Env = Readonly<Record<string, string | undefined>>;

const envValue = (env: Env, name: string): string | undefined => {
  const value = Object.hasOwn(env, name) ? env[name] : undefined;
  return value === '' ? undefined : value;
};

/**
 * Checks every account's variables and collects the key values by variable name. Problems
 * name variables, never their values.
 */
export function checkAccounts(forms: readonly SourceForm[], env: Env, failedEnv: ReadonlySet<string>, named: NamedAccounts = {}): { secrets: SecretMap; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const keyNames = new Set<string>();

  const defaultUsers = forms.filter((form) => form.usesDefaultAccount).map((form) => `"${form.id}"`);
  if (defaultUsers.length > 0) {
    const users = `${defaultUsers.length === 1 ? 'form' : 'forms'} ${defaultUsers.join(', ')}`;
    for (const name of [DEFAULT_ACCOUNT_ENV.appId, DEFAULT_ACCOUNT_ENV.apiKeyEnv, DEFAULT_ACCOUNT_ENV.secretKeyEnv]) {
      if (envValue(env, name) === undefined && !failedEnv.has(name)) problems.push(problem(name, `required (the default account is used by ${users})`));
    }
  }
  // The default keys are kept whenever they are set, so `check-config --live` and the logger's
  // redaction see them even if every form has its own account.
  for (const name of [DEFAULT_ACCOUNT_ENV.apiKeyEnv, DEFAULT_ACCOUNT_ENV.secretKeyEnv]) {
    if (envValue(env, name) !== undefined) keyNames.add(name);
  }

  // Named accounts are checked whether or not an option uses them yet: a studio being set up
  // should fail check-config now, not on its first lead.
  const accounts = [
    ...Object.entries(named).map(([name, account]) => ({ path: childPath('accounts', name), account })),
    ...forms.flatMap((form) => (form.account === undefined ? [] : [{ path: childPath('forms', form.id, 'account'), account: form.account }])),
  ];
  for (const { path, account } of accounts) {
    const { apiKeyEnv, secretKeyEnv } = account;
    if (apiKeyEnv === secretKeyEnv) problems.push(problem(`${path}.secretKeyEnv`, 'must name a different variable than apiKeyEnv'));
    for (const [field, name] of [
      ['apiKeyEnv', apiKeyEnv],
      ['secretKeyEnv', secretKeyEnv],
    ] as const) {
      const at = `${path}.${field}`;
      if (!KEY_ENV_PATTERN.test(name)) problems.push(problem(at, `"${name}" must match ${KEY_ENV_PATTERN.source}`));
      else if (NOT_KEY_VARIABLES.has(name)) problems.push(problem(at, `${name} holds a setting, not a key`));
      else if (envValue(env, name) === undefined) problems.push(problem(at, `${name} is not set`));
      else keyNames.add(name);
    }
  }

  const secrets: [string, string][] = [];
  for (const name of keyNames) {
    const value = envValue(env, name);
    if (value === undefined) continue;
    if (BAD_KEY_CHARACTERS.test(value)) problems.push(problem(name, 'contains white space or control characters; keys are sent as HTTP headers'));
    secrets.push([name, value]);
  }
  return { secrets: new SecretMap(secrets), problems };
}
