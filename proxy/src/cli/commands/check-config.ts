import { parseArgs } from 'node:util';
import type { AccountRef, Config } from '../../config/config.ts';
import { checkEnvWarnings } from '../../config/env-rules.ts';
import { loadConfig } from '../../config/load-config.ts';
import { didYouMean } from '../../config/suggest.ts';
import { createGleantapClient } from '../../gleantap/client.ts';
import { type CliIo, EXIT } from '../cli-io.ts';
import { printProblems } from '../print-problems.ts';

export const CHECK_CONFIG_HELP = `Usage: gleantap-capture check-config [--live] [--print <form>]

Reads the environment and the forms file exactly as serve would and prints every problem.
--live also makes one harmless authenticated call per Gleantap account and reports whether
its keys and app id work: only an answer saying "status":"success" passes. "Configuration OK"
is printed only after every check passed. Exit 0 when all is well, 2 when the configuration
is wrong or Gleantap refused it (its message is shown), 1 when Gleantap could not be reached
or gave no clear answer.
--print <form> prints that form as it will run, as JSON: defaults and extends applied, every
text resolved per locale; keys appear only as the names of the variables holding them.`;

/** `check-config [--live]`. */
export async function checkConfigCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { live: { type: 'boolean', default: false }, print: { type: 'string' } }, strict: true });
  const result = loadConfig(io.env, { cwd: io.cwd });
  if (!result.ok) {
    printProblems(io, result.problems);
    return EXIT.usage;
  }
  const config = result.config;
  if (values.print !== undefined) return printForm(config, values.print, io);
  for (const warning of checkEnvWarnings(config.trustProxy, config.host)) io.err(`warning: ${warning.path}: ${warning.message}`);
  // With --live, "Configuration OK" is a verdict on the live checks too: it comes last, or not at all.
  const exit = values.live ? await checkAccountsLive(config, io) : EXIT.ok;
  if (exit !== EXIT.ok) return exit;
  io.out(`Configuration OK${config.configPath ? ` (${config.configPath})` : ' (no CAPTURE_CONFIG: the default form)'}`);
  for (const form of config.forms.values()) {
    io.out(`  form "${form.id}": ${form.fields.length} fields, ${form.allowedOrigins.size} allowed origin${form.allowedOrigins.size === 1 ? '' : 's'}, app ${form.account.appId}`);
  }
  return EXIT.ok;
}

/**
 * `--print <form>`: the resolved form as JSON on stdout, nothing else there, so it can be piped.
 * The resolved form holds key variable names, never their values (those live in `config.secrets`).
 */
function printForm(config: Config, id: string, io: CliIo): number {
  const form = config.forms.get(id);
  if (form === undefined) {
    io.err(`check-config --print: no form "${id}"${didYouMean(id, [...config.forms.keys()])} (forms: ${[...config.forms.keys()].join(', ')})`);
    return EXIT.usage;
  }
  io.out(JSON.stringify(form, (_key, value: unknown) => (value instanceof Set ? [...value] : value), 2));
  return EXIT.ok;
}

/** One call per distinct account (a form's own, and its studios'); keys are looked up by variable name and never printed. */
async function checkAccountsLive(config: Config, io: CliIo): Promise<number> {
  const accounts = new Map<string, { account: AccountRef; forms: string[] }>();
  for (const form of config.forms.values()) {
    const studios = form.fields.flatMap((field) => (field.options ?? []).flatMap((option) => (option.account ? [option.account] : [])));
    for (const account of [form.account, ...studios]) {
      const key = `${account.appId}\n${account.apiKeyEnv}\n${account.secretKeyEnv}`;
      const entry = accounts.get(key) ?? { account, forms: [] };
      if (!entry.forms.includes(form.id)) entry.forms.push(form.id);
      accounts.set(key, entry);
    }
  }
  const client = createGleantapClient(config.gleantap);
  let exit: number = EXIT.ok;
  try {
    for (const { account, forms } of accounts.values()) {
      const label = `account ${account.appId} (${account.apiKeyEnv}; forms ${forms.join(', ')})`;
      const apiKey = config.secrets.get(account.apiKeyEnv) ?? '';
      const secretKey = config.secrets.get(account.secretKeyEnv) ?? '';
      const outcome = await client.probe(account.appId, { apiKey, secretKey });
      // The same classification as delivery: a 200 saying "status":"error" is a refusal.
      const said = outcome.ok || outcome.message === undefined ? '' : `: ${outcome.message}`;
      if (outcome.ok) {
        io.out(`  ${label}: keys work`);
      } else if (outcome.retryable) {
        io.err(
          `  ${label}: ${outcome.reason === 'unconfirmed' ? 'Gleantap answered without confirming success' : 'Gleantap could not be reached'} (${outcome.reason}${outcome.status ? ` ${outcome.status}` : ''})${said}`,
        );
        if (exit === EXIT.ok) exit = EXIT.failure;
      } else {
        io.err(`  ${label}: Gleantap refused the keys or app id (${outcome.reason}${outcome.status ? ` ${outcome.status}` : ''})${said}`);
        exit = EXIT.usage;
      }
    }
  } finally {
    await client.close();
  }
  return exit;
}
