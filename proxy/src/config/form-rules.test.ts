import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli.ts';
import type { ConfigProblem } from './config.ts';
import { loadConfig } from './load-config.ts';

const KEYS = { GLEANTAP_API_KEY: 'rules_key_canary_1a2b', GLEANTAP_SECRET_KEY: 'rules_secret_canary_3c4d', GLEANTAP_APP_ID: 'app-1' };
const ORIGINS = { ALLOWED_ORIGINS: 'https://www.example.com' };

function problemsFor(form: unknown): readonly ConfigProblem[] {
  const result = loadConfig({ ...KEYS, ...ORIGINS, CAPTURE_CONFIG: 'forms.json' }, { readFile: () => JSON.stringify({ version: 1, forms: { trial: form } }) });
  return result.ok ? [] : result.problems;
}

const TWO_FIELDS = {
  fields: [
    { name: 'first_name', required: true },
    { name: 'email', required: true },
  ],
};

describe('forms that could not always produce a valid Gleantap contact', () => {
  it('refuses a form without last_name and says what to add', () => {
    expect(problemsFor(TWO_FIELDS)).toEqual([{ path: 'forms.trial.fields', message: 'Gleantap requires last_name on every contact: add {"name":"last_name","required":true}' }]);
  });

  it('refuses optional first_name and last_name, each once', () => {
    const problems = problemsFor({ fields: [{ name: 'first_name' }, { name: 'last_name', required: false }, { name: 'email', required: true }] });
    expect(problems).toEqual([
      { path: 'forms.trial.fields', message: 'Gleantap requires first_name on every contact: make it required ({"name":"first_name","required":true})' },
      { path: 'forms.trial.fields', message: 'Gleantap requires last_name on every contact: make it required ({"name":"last_name","required":true})' },
    ]);
  });

  it('lists the missing names together with every other problem of the form', () => {
    const problems = problemsFor({ fields: [{ name: 'nickname', custom: true, label: { en: 'Nick' } }] });
    expect(problems).toEqual([
      { path: 'forms.trial.fields[0].label.es', message: expect.stringMatching(/missing/) },
      { path: 'forms.trial.fields', message: expect.stringMatching(/requires first_name/) },
      { path: 'forms.trial.fields', message: expect.stringMatching(/requires last_name/) },
      { path: 'forms.trial.fields', message: expect.stringMatching(/must require email or phone/) },
    ]);
  });

  it('refuses the two-field form from check-config and from serve with exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gc-rules-'));
    const path = join(dir, 'forms.json');
    writeFileSync(path, JSON.stringify({ version: 1, forms: { trial: TWO_FIELDS } }));
    for (const command of ['check-config', 'serve']) {
      const result = await runCli([command], { ...KEYS, ...ORIGINS, CAPTURE_CONFIG: path, HOST: '127.0.0.1', PORT: '0' });
      expect(result.code, command).toBe(2);
      expect(result.stderr, command).toContain('forms.trial.fields');
      expect(result.stderr, command).toContain('add {"name":"last_name","required":true}');
      expect(result.stdout, command).not.toContain('Configuration OK');
    }
  });
});

describe('names reserved for the widget', () => {
  it.each(['website', 'consent_email', 'consent_sms', 'gleantap', 'gleantap_hp', 'gleantapform'])('refuses a custom field named %s', (name) => {
    const problems = problemsFor({
      fields: [
        { name: 'first_name', required: true },
        { name: 'last_name', required: true },
        { name: 'email', required: true },
        { name, custom: true, label: { en: 'X', es: 'X' } },
      ],
    });
    expect(problems).toEqual([
      { path: 'forms.trial.fields[3].name', message: `"${name}" is reserved for the widget's own inputs (honeypot, consent boxes, names starting with "gleantap"); choose another name` },
    ]);
  });

  it('still refuses the time and id attributes as custom fields and context targets', () => {
    const problems = problemsFor({
      fields: [
        { name: 'first_name', required: true },
        { name: 'last_name', required: true },
        { name: 'email', required: true },
        { name: 'capture_accepted_at', custom: true, label: { en: 'X', es: 'X' } },
      ],
      contextAttributes: { page_url: 'capture_accepted_at', referrer: 'capture_submission_id' },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'forms.trial.fields[3].name', message: expect.stringMatching(/reserved for the time the lead was accepted/) },
        { path: 'forms.trial.contextAttributes.page_url', message: expect.stringMatching(/reserved for the time the lead was accepted/) },
        { path: 'forms.trial.contextAttributes.referrer', message: expect.stringMatching(/reserved for the submission id/) },
      ]),
    );
  });
});
