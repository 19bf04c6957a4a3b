import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import { FORM_DEFAULTS } from '../../config/defaults.ts';
import { builtInSource, type FormsSource, validateFormsFile } from '../../config/forms-source.ts';
import { mergeForms } from '../../config/merge-forms.ts';
import { parseEnv } from '../../config/parse-env.ts';
import { readFormsFile } from '../../config/read-forms-file.ts';
import type { PersonQuery } from '../../store/person-match.ts';
import { type CliIo, EXIT } from '../cli-io.ts';

/** The parseArgs options naming a person: `--email`, `--phone`, `--form`. */
export const PERSON_OPTIONS = { email: { type: 'string' }, phone: { type: 'string' }, form: { type: 'string' } } as const;

/**
 * Reads `--email` / `--phone` (either or both) and `--form` into the query the store matches:
 * the email trimmed and lowercased (the store compares it case-insensitively); the phone in
 * E.164. A phone with `+` is read as international. One without needs `--form`, and is read in
 * that form's `phoneCountry` from CAPTURE_CONFIG, as the proxy read it when the visitor typed it.
 * Returns the exit code after saying what is wrong.
 */
export function parsePerson(io: CliIo, command: string, values: { email?: string | undefined; phone?: string | undefined; form?: string | undefined }): PersonQuery | number {
  const fail = (message: string): number => {
    io.err(`gleantap-capture ${command}: ${message}`);
    return EXIT.usage;
  };
  const email = values.email?.trim().toLowerCase();
  const phoneText = values.phone?.trim();
  if ((email === undefined || email === '') && (phoneText === undefined || phoneText === '')) return fail('name the person with --email <address> or --phone <number>');
  if (email !== undefined && !/^[^@\s]+@[^@\s]+$/.test(email)) return fail('--email is not an email address');
  let phone: string | undefined;
  if (phoneText !== undefined) {
    let country: string | undefined;
    if (!phoneText.startsWith('+')) {
      if (values.form === undefined) return fail('--phone without + needs --form <id>, whose phoneCountry it is read in (or give it in international form, +…)');
      const read = phoneCountryOf(io, values.form);
      if (read.problem !== undefined) return fail(read.problem);
      country = read.country;
    }
    // Possible, not only valid: a number stored under older phone metadata must still be found.
    const parsed = parsePhoneNumberFromString(phoneText, country as CountryCode | undefined);
    if (parsed === undefined || !parsed.isPossible()) return fail('--phone is not a phone number');
    phone = parsed.number;
  }
  return { email, phone, formId: values.form };
}

/** The form's `phoneCountry` as `serve` resolves it: the form, then the file's defaults, then US. */
function phoneCountryOf(io: CliIo, formId: string): { country?: string; problem?: string } {
  const parsed = parseEnv(io.env);
  const shown = parsed.env.CAPTURE_CONFIG;
  let source: FormsSource;
  if (shown === undefined) source = builtInSource();
  else {
    const read = readFormsFile(shown, resolve(io.cwd, shown), (path) => readFileSync(path, 'utf8'));
    if (!read.ok) return { problem: read.problem.message };
    source = validateFormsFile(read.json);
  }
  const form = mergeForms(source).forms.find((candidate) => candidate.id === formId);
  if (form === undefined) return { problem: `no form "${formId}" in ${shown ?? 'the built-in configuration'}` };
  return { country: form.parts?.phoneCountry ?? source.defaults.phoneCountry ?? FORM_DEFAULTS.phoneCountry };
}
