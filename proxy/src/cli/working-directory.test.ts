import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../package-root.ts';
import { startTestSandbox, TEST_KEYS } from '../sandbox/test-sandbox.ts';
import { startChildProxy, stopChildProxy, writeFormsFile } from '../testing/child-proxy.ts';
import { DEFAULT_TEST_FORMS_FILE, post, SITE_ORIGIN, signup, tempDataDir } from '../testing/harness.ts';
import { runCli, startCli } from '../testing/run-cli.ts';
import { loadWidgetBundle } from '../widget/widget-bundle.ts';

const RELEASE = (JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as { version: string }).version;

/**
 * A directory someone else could write to, set up to hijack the command if anything in it
 * were honoured: a tsconfig.json whose `paths` send our imports (and our dependencies') to a
 * file that writes a marker, a package.json claiming to be the proxy package, and a
 * node_modules with impostor packages (an impostor widget build included).
 */
function hostileDirectory(): { readonly dir: string; readonly marker: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gc-hostile-cwd-'));
  const marker = join(dir, 'HOSTILE-CODE-RAN');
  const payload = `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'hostile code ran\\n');\nexport default {};\n`;
  for (const name of ['evil.ts', 'evil.mjs', 'evil.js']) writeFileSync(join(dir, name), payload);
  const redirected = ['@gleantap-capture/shared', 'zod', 'express', 'pino', 'undici', 'better-sqlite3', 'helmet', 'libphonenumber-js'];
  const paths = Object.fromEntries(
    redirected.flatMap((name) => [
      [name, ['./evil.ts']],
      [`${name}/*`, ['./evil.ts']],
    ]),
  );
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { baseUrl: '.', paths, allowJs: true } }));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: '@gleantap-capture/proxy',
      version: '6.6.6',
      type: 'module',
      exports: { '.': './evil.mjs', './package.json': './package.json' },
      imports: { '#shared': './evil.mjs' },
      bin: { 'gleantap-capture': './evil.mjs' },
    }),
  );
  for (const name of ['@gleantap-capture/shared', '@gleantap-capture/widget', 'zod', 'express']) {
    const packageDir = join(dir, 'node_modules', name);
    mkdirSync(join(packageDir, 'dist', 'esm'), { recursive: true });
    writeFileSync(join(packageDir, 'package.json'), JSON.stringify({ name, type: 'module', exports: { '.': './index.js', './*': './*' } }));
    writeFileSync(join(packageDir, 'index.js'), payload);
    writeFileSync(join(packageDir, 'dist', 'widget.js'), 'document.title = "impostor widget";');
    writeFileSync(join(packageDir, 'dist', 'esm', 'index.js'), payload);
  }
  return { dir, marker };
}

const KEYS_ENV = { GLEANTAP_API_KEY: TEST_KEYS.apiKey, GLEANTAP_SECRET_KEY: TEST_KEYS.secretKey, GLEANTAP_APP_ID: 'app-cwd' };

describe('nothing in the working directory changes which code runs', () => {
  let hostile: ReturnType<typeof hostileDirectory>;
  const bundle = loadWidgetBundle();

  beforeAll(() => {
    hostile = hostileDirectory();
  });
  afterAll(() => {
    // The one claim, checked once more after every command has run.
    expect(existsSync(hostile.marker)).toBe(false);
  });

  it('--help prints the usage', async () => {
    const result = await runCli(['--help'], {}, hostile.dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: gleantap-capture <command>');
    expect(existsSync(hostile.marker)).toBe(false);
  });

  it("version reports this release and the real widget, not the directory's package.json or impostor build", async () => {
    expect(bundle).toBeDefined();
    const result = await runCli(['version'], {}, hostile.dir);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(`gleantap-capture ${RELEASE}`);
    expect(result.stdout).toContain(`widget ${bundle?.hash} (${bundle?.integrity})`);
    expect(existsSync(hostile.marker)).toBe(false);
  });

  it('widget-sri pins the real widget bundle', async () => {
    const result = await runCli(['widget-sri', '--base-url', 'https://forms.example.com'], {}, hostile.dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`integrity="${bundle?.integrity}"`);
    expect(existsSync(hostile.marker)).toBe(false);
  });

  it('check-config checks the configuration', async () => {
    const result = await runCli(['check-config'], { ...KEYS_ENV, ALLOWED_ORIGINS: SITE_ORIGIN, CAPTURE_CONFIG: writeFormsFile(DEFAULT_TEST_FORMS_FILE) }, hostile.dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Configuration OK/);
    expect(existsSync(hostile.marker)).toBe(false);
  });

  it('sandbox answers the vendor contract', async () => {
    const running = await startCli(['sandbox', '--port', '0'], KEYS_ENV, /listening on http:\/\/\S+/, hostile.dir);
    try {
      const url = /listening on (http:\/\/\S+)/.exec(running.output())?.[1];
      const response = await fetch(`${url}/v2/ExternalApi/newContact`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': TEST_KEYS.apiKey, 'x-secret-key': TEST_KEYS.secretKey },
        body: JSON.stringify({ app_id: 'app-cwd', first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' }),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'success' });
    } finally {
      running.child.kill('SIGTERM');
      await running.exited;
    }
    expect(existsSync(hostile.marker)).toBe(false);
  });

  it('serve accepts a submission and delivers it, and outbox list shows it', async () => {
    const sandbox = await startTestSandbox();
    const dataDir = tempDataDir();
    const proxy = await startChildProxy({ dataDir, sandboxUrl: sandbox.url, cwd: hostile.dir });
    const submission = signup({ email: 'cwd@example.com' });
    const response = await post(proxy.url, submission);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ status: 'created', id: submission['id'] });
    expect((await sandbox.contacts()).map((contact) => contact['email'])).toEqual(['cwd@example.com']);
    expect(await (await fetch(`${proxy.url}/widget.js`)).text()).toBe(bundle?.bytes.toString());
    expect(await stopChildProxy(proxy)).toBe(0);

    const listed = await runCli(['outbox', 'list', '--json'], { DATA_DIR: dataDir }, hostile.dir);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ id: submission['id'], state: 'delivered' })]);
    expect(existsSync(hostile.marker)).toBe(false);
  });
});
