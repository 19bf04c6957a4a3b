import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../testing/run-cli.ts';

const SECRET = 'sk_live_print_canary_7731';
const FORMS = {
  version: 1,
  accounts: { uptown: { appId: 'app-uptown', apiKeyEnv: 'GLEANTAP_UPTOWN_KEY', secretKeyEnv: 'GLEANTAP_UPTOWN_SECRET' } },
  defaults: {
    fields: [
      { name: 'first_name', required: true },
      { name: 'last_name', required: true },
      { name: 'email', required: true },
    ],
    heading: { en: 'Join', es: 'Únete' },
  },
  forms: {
    base: { tags: ['web'] },
    trial: {
      extends: 'base',
      fields: [{ name: 'location', label: { en: 'Studio', es: 'Estudio' }, options: [{ value: 'up', location: 'Uptown', account: 'uptown' }] }],
    },
  },
};

describe('check-config --print <form>', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gc-print-'));
    writeFileSync(join(dir, 'forms.json'), JSON.stringify(FORMS));
    env = {
      GLEANTAP_API_KEY: SECRET,
      GLEANTAP_SECRET_KEY: `${SECRET}_s`,
      GLEANTAP_UPTOWN_KEY: `${SECRET}_u`,
      GLEANTAP_UPTOWN_SECRET: `${SECRET}_us`,
      GLEANTAP_APP_ID: 'app-default',
      ALLOWED_ORIGINS: 'https://a.example',
      CAPTURE_CONFIG: join(dir, 'forms.json'),
    };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the resolved form as JSON: inherited blocks merged, texts resolved, keys only as variable names', async () => {
    const result = await runCli(['check-config', '--print', 'trial'], env);
    expect(result.code, result.stderr).toBe(0);
    const form = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(form).toMatchObject({
      id: 'trial',
      tags: ['web'],
      heading: { en: 'Join', es: 'Únete' },
      allowedOrigins: ['https://a.example'],
      account: { appId: 'app-default', apiKeyEnv: 'GLEANTAP_API_KEY', secretKeyEnv: 'GLEANTAP_SECRET_KEY' },
    });
    expect((form['fields'] as Array<{ name: string }>).map((field) => field.name)).toEqual(['first_name', 'last_name', 'email', 'location']);
    expect(JSON.stringify(form['fields'])).toContain('"apiKeyEnv":"GLEANTAP_UPTOWN_KEY"');
    expect(result.stdout + result.stderr).not.toContain(SECRET);
  });

  it('names an unknown form with a suggestion and exits 2', async () => {
    const result = await runCli(['check-config', '--print', 'trials'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no form "trials"; did you mean "trial"? (forms: base, trial)');
    expect(result.stdout).toBe('');
  });
});
