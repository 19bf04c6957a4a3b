import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startTestSandbox, TEST_KEYS } from '../sandbox/test-sandbox.ts';
import { type ChildProxy, startChildProxy, stopChildProxy, writeFormsFile } from '../testing/child-proxy.ts';
import { DEFAULT_TEST_FORMS_FILE, fetchToken, post, SITE_ORIGIN, tempDataDir } from '../testing/harness.ts';
import { contactsById, lead } from '../testing/outbox-fixtures.ts';
import { waitFor } from '../testing/wait-for.ts';

const FIELDS = DEFAULT_TEST_FORMS_FILE.forms.default.fields;

const fieldsWith = (label: string): unknown[] => FIELDS.map((field) => (field.name === 'first_name' ? { ...field, label: { en: label } } : field));

function formsFile(label: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...DEFAULT_TEST_FORMS_FILE, forms: { default: { fields: fieldsWith(label) }, ...extra } };
}

const definition = (url: string, formId: string): Promise<Response> => fetch(`${url}/v1/forms/${formId}`, { headers: { origin: SITE_ORIGIN } });

interface LogEntry {
  readonly level: string;
  readonly msg: string;
  readonly [key: string]: unknown;
}

const logEntries = (proxy: ChildProxy): LogEntry[] =>
  proxy
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogEntry);

/** Sends SIGHUP and waits for the `count`-th reload outcome line. */
async function hangUp(proxy: ChildProxy, count: number): Promise<void> {
  process.kill(proxy.child.pid as number, 'SIGHUP');
  await waitFor(`reload outcome ${count}`, () => logEntries(proxy).filter((entry) => /^config reload(ed)?(: new requests| refused: the running)/.test(entry.msg)).length >= count);
}

describe('serve reloads the forms file on SIGHUP', () => {
  it('applies a good file without a restart: a new form answers, a changed label shows, the running lead finishes on its config', { timeout: 60_000 }, async () => {
    const sandbox = await startTestSandbox();
    const path = writeFormsFile(formsFile('Given name'));
    const proxy = await startChildProxy({ dataDir: tempDataDir(), sandboxUrl: sandbox.url, env: { CAPTURE_CONFIG: path } });
    expect(await (await definition(proxy.url, 'default')).text()).toContain('Given name');
    expect((await definition(proxy.url, 'trial')).status).toBe(404);

    // A submission whose body is still arriving when the reload happens, on a form the new file drops.
    const body = JSON.stringify({ ...lead('in-flight'), token: await fetchToken(proxy.url) });
    const req = request(`${proxy.url}/v1/forms/default/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: SITE_ORIGIN, 'content-length': Buffer.byteLength(body) },
    });
    const inFlight = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
    });
    // Headers and the start of the body, handed to the kernel (the callback waits for the
    // connection); the rest after the reload below.
    await new Promise<void>((resolve, reject) => req.write(body.slice(0, 10), (error) => (error ? reject(error) : resolve())));
    // A full round trip on a new connection started after those bytes were sent: by then serve
    // has read the waiting request's headers and handed it to the app of the config it arrived under.
    expect((await fetch(`${proxy.url}/healthz`)).status).toBe(200);

    writeFileSync(
      path,
      JSON.stringify({ ...DEFAULT_TEST_FORMS_FILE, forms: { renamed: { fields: fieldsWith('First name, please'), submitLabel: { en: 'Start my trial' } }, trial: { fields: FIELDS } } }),
    );
    await hangUp(proxy, 1);
    req.end(body.slice(10));
    expect(await inFlight).toBe(201);

    const reloaded = logEntries(proxy).find((entry) => entry.msg === 'config reloaded: new requests use the new forms');
    expect(reloaded).toMatchObject({ level: 'info', forms: ['renamed', 'trial'], added: ['renamed', 'trial'], removed: ['default'], changed: [] });
    expect((await definition(proxy.url, 'default')).status).toBe(404);
    const renamed = await definition(proxy.url, 'renamed');
    expect(renamed.status).toBe(200);
    const text = await renamed.text();
    expect(text).toContain('First name, please');
    expect(text).toContain('Start my trial');
    const trialLead = lead('trial');
    expect((await post(proxy.url, trialLead, { formId: 'trial' })).status).toBe(201);

    // A change to an existing form is listed as changed, and takes effect the same way.
    writeFileSync(path, JSON.stringify(formsFile('Forename', { trial: { fields: FIELDS } })));
    await hangUp(proxy, 2);
    expect(
      logEntries(proxy)
        .filter((entry) => entry.msg.startsWith('config reloaded'))
        .at(-1),
    ).toMatchObject({ added: ['default'], removed: ['renamed'], changed: [] });
    expect(await (await definition(proxy.url, 'default')).text()).toContain('Forename');
    writeFileSync(path, JSON.stringify(formsFile('Prénom', { trial: { fields: FIELDS } })));
    await hangUp(proxy, 3);
    expect(
      logEntries(proxy)
        .filter((entry) => entry.msg.startsWith('config reloaded'))
        .at(-1),
    ).toMatchObject({ added: [], removed: [], changed: ['default'] });
    expect(await (await definition(proxy.url, 'default')).text()).toContain('Prénom');

    const contacts = await waitFor('both leads delivered', async () => {
      const byId = contactsById(await sandbox.contacts());
      return byId.get(trialLead.id) === 1 && byId.size === 2 ? byId : undefined;
    });
    expect(contacts.size).toBe(2);
    expect(await stopChildProxy(proxy)).toBe(0);
  });

  it('refuses a bad file with one error line per problem and keeps answering with the old forms', { timeout: 60_000 }, async () => {
    const sandbox = await startTestSandbox();
    const path = writeFormsFile(formsFile('Given name'));
    const proxy = await startChildProxy({
      dataDir: tempDataDir(),
      sandboxUrl: sandbox.url,
      env: { CAPTURE_CONFIG: path, GLEANTAP_OTHER_API_KEY: 'other-KEY-canary-51c2', GLEANTAP_OTHER_SECRET_KEY: 'other-SECRET-canary-0d9e' },
    });

    writeFileSync(
      path,
      JSON.stringify({
        ...DEFAULT_TEST_FORMS_FILE,
        forms: { default: { fields: FIELDS, allowedOrigins: ['ftp://x y'], rateLimit: { perIp: { max: 0, windowSeconds: 60 } } }, trial: { fields: FIELDS } },
      }),
    );
    await hangUp(proxy, 1);
    const refused = logEntries(proxy).filter((entry) => entry.msg.startsWith('config reload refused: forms'));
    expect(refused.map((entry) => [entry.level, entry['path']])).toEqual([
      ['error', 'forms.default.rateLimit.perIp.max'],
      ['error', 'forms.default.allowedOrigins[0]'],
    ]);
    expect(logEntries(proxy).filter((entry) => entry.msg === 'config reload refused: the running configuration stays')).toEqual([expect.objectContaining({ level: 'warn', problems: 2 })]);

    // Not JSON at all: one problem, one line.
    writeFileSync(path, '{"version": 1, "forms": ');
    await hangUp(proxy, 2);
    expect(logEntries(proxy).filter((entry) => entry.path === 'CAPTURE_CONFIG' && entry.level === 'error')).toHaveLength(1);

    // Key variables are read at start only: a form naming new ones waits for a restart.
    writeFileSync(
      path,
      JSON.stringify(
        formsFile('Given name', {
          trial: { fields: FIELDS, account: { appId: 'app-other', apiKeyEnv: 'GLEANTAP_OTHER_API_KEY', secretKeyEnv: 'GLEANTAP_OTHER_SECRET_KEY' } },
        }),
      ),
    );
    await hangUp(proxy, 3);
    expect(
      logEntries(proxy)
        .filter((entry) => entry.level === 'error' && /was not read at start/.test(entry.msg))
        .map((entry) => entry['path']),
    ).toEqual(['forms.trial.account.apiKeyEnv', 'forms.trial.account.secretKeyEnv']);

    // The old forms still answer, and the process never stopped.
    expect(proxy.child.exitCode).toBeNull();
    expect(await (await definition(proxy.url, 'default')).text()).toContain('Given name');
    expect((await definition(proxy.url, 'trial')).status).toBe(404);
    const kept = lead('kept');
    expect((await post(proxy.url, kept)).status).toBe(201);
    expect(contactsById(await sandbox.contacts()).get(kept.id)).toBe(1);
    expect(logEntries(proxy).filter((entry) => entry.msg.startsWith('config reloaded'))).toEqual([]);
    // Neither the keys nor their values appear in anything serve wrote.
    for (const secret of [TEST_KEYS.apiKey, TEST_KEYS.secretKey, 'other-KEY-canary-51c2', 'other-SECRET-canary-0d9e']) expect(proxy.output()).not.toContain(secret);
    expect(await stopChildProxy(proxy)).toBe(0);
  });
});
