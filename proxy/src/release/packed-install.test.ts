import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../package-root.ts';
import { TEST_KEYS } from '../sandbox/test-sandbox.ts';
import { writeFormsFile } from '../testing/child-proxy.ts';
import { DEFAULT_TEST_FORMS_FILE, post, SITE_ORIGIN, signup } from '../testing/harness.ts';
import { loadWidgetBundle } from '../widget/widget-bundle.ts';

const run = promisify(execFile);
const PROXY_DIR = fileURLToPath(PACKAGE_ROOT);
const WIDGET_DIR = fileURLToPath(new URL('../widget/', PACKAGE_ROOT));
const TSC = fileURLToPath(new URL('node_modules/.bin/tsc', PACKAGE_ROOT));
// Bounded: a real install from the npm registry, nothing compiled (see nativePrebuilds).
const INSTALL_TIMEOUT_MS = 240_000;
/** Packages only a developer needs: none may be installed with a release. */
const DEV_ONLY = ['typescript', 'vite', 'vitest', 'tsx', 'esbuild', 'playwright', 'fast-check', 'happy-dom', '@gleantap-capture/shared', '@types/node'];

/** Environment for the installed command: nothing of the parent's Gleantap settings. */
function cleanEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GLEANTAP_') && key !== 'CAPTURE_CONFIG' && key !== 'DATA_DIR' && !key.startsWith('npm_')));
  return { ...base, ...env };
}

/** `pnpm pack` into an empty folder; returns the tarball's path. */
async function pack(packageDir: string, destination: string): Promise<string> {
  await run('npx', ['-y', 'pnpm@10', 'pack', '--pack-destination', destination], { cwd: packageDir, env: cleanEnv(), timeout: 120_000 });
  const made = readdirSync(destination).filter((name) => name.endsWith('.tgz'));
  expect(made).toHaveLength(1);
  return join(destination, made[0] ?? '');
}

/**
 * better-sqlite3's install script downloads its native binary from GitHub, which these
 * machines cannot reach, and would then spend minutes compiling SQLite. prebuild-install's
 * documented local-prebuilds directory gets it the workspace's binary of the same version
 * instead (another version would simply be compiled); everything else comes from the registry.
 */
function nativePrebuilds(dir: string): { readonly tarball: string; readonly from: string } {
  const packageDir = join(createRequire(join(PROXY_DIR, 'package.json')).resolve('better-sqlite3/package.json'), '..');
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  return { tarball: join(dir, name), from: packageDir };
}

/** `npm install --omit=dev <tarball>` into an empty folder outside the workspace. */
async function installInto(folder: string, tarball: string, prebuilds: string): Promise<void> {
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'release-check', private: true, type: 'module' }));
  await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--no-update-notifier', tarball], {
    cwd: folder,
    env: cleanEnv({ npm_config_better_sqlite3_local_prebuilds: prebuilds }),
    timeout: INSTALL_TIMEOUT_MS,
  });
}

function installedPackages(folder: string): string[] {
  const top = join(folder, 'node_modules');
  return readdirSync(top)
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) => (name.startsWith('@') ? readdirSync(join(top, name)).map((inner) => `${name}/${inner}`) : [name]));
}

/** Starts the installed command and resolves with the first http:// URL it prints. */
function startInstalled(bin: string, args: string[], env: Record<string, string>, urlPattern: RegExp): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const url = urlPattern.exec(output)?.[1];
      if (url !== undefined) resolve({ child, url, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`${args[0]} exited with ${code}: ${output}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}

describe('the packed proxy and widget install outside the workspace and work there', () => {
  const work = mkdtempSync(join(tmpdir(), 'gc-packed-'));
  const proxyFolder = join(work, 'proxy-install');
  const widgetFolder = join(work, 'widget-install');
  const children: ChildProcess[] = [];
  let proxyBin = '';

  beforeAll(
    async () => {
      const prebuilds = join(work, 'prebuilds');
      for (const dir of [prebuilds, proxyFolder, widgetFolder, join(work, 'proxy-tgz'), join(work, 'widget-tgz')]) mkdirSync(dir);
      expect(existsSync(join(WIDGET_DIR, 'dist', 'types', 'index.d.ts')), 'the widget is built (npx -y pnpm@10 build)').toBe(true);
      const native = nativePrebuilds(prebuilds);
      await run('tar', ['czf', native.tarball, '-C', native.from, 'build/Release/better_sqlite3.node']);
      const [proxyTarball, widgetTarball] = await Promise.all([pack(PROXY_DIR, join(work, 'proxy-tgz')), pack(WIDGET_DIR, join(work, 'widget-tgz'))]);
      // Each in its own folder: the proxy must serve its widget without the widget package.
      await installInto(proxyFolder, proxyTarball, prebuilds);
      await installInto(widgetFolder, widgetTarball, prebuilds);
      proxyBin = join(proxyFolder, 'node_modules', '@gleantap-capture', 'proxy', 'bin', 'gleantap-capture.js');
    },
    INSTALL_TIMEOUT_MS * 2 + 120_000,
  );

  afterAll(async () => {
    await Promise.all(children.map(stop));
    rmSync(work, { recursive: true, force: true });
  });

  it('installs only runtime dependencies, from manifests with no workspace links and no TypeScript entry', () => {
    const installed = installedPackages(proxyFolder);
    expect(installed).toEqual(expect.arrayContaining(['@gleantap-capture/proxy', 'express', 'better-sqlite3', 'zod']));
    for (const name of DEV_ONLY) expect(installed).not.toContain(name);
    expect(installed).not.toContain('@gleantap-capture/widget');
    expect(installedPackages(widgetFolder)).toEqual(['@gleantap-capture/widget']);

    for (const folder of [proxyFolder, widgetFolder]) {
      const name = folder === proxyFolder ? 'proxy' : 'widget';
      const manifest = readFileSync(join(folder, 'node_modules', '@gleantap-capture', name, 'package.json'), 'utf8');
      expect(manifest).not.toContain('workspace:');
      const exports = JSON.stringify((JSON.parse(manifest) as { exports: unknown }).exports);
      expect(exports).not.toMatch(/(?<!\.d)\.tsx?"/);
    }
  });

  it('gleantap-capture --help and check-config run from the install', async () => {
    const help = await run(process.execPath, [proxyBin, '--help'], { cwd: proxyFolder, env: cleanEnv() });
    expect(help.stdout).toContain('Usage: gleantap-capture <command>');

    const check = await run(process.execPath, [proxyBin, 'check-config'], {
      cwd: proxyFolder,
      env: cleanEnv({
        GLEANTAP_API_KEY: TEST_KEYS.apiKey,
        GLEANTAP_SECRET_KEY: TEST_KEYS.secretKey,
        GLEANTAP_APP_ID: 'app-packed',
        ALLOWED_ORIGINS: SITE_ORIGIN,
        CAPTURE_CONFIG: writeFormsFile(DEFAULT_TEST_FORMS_FILE),
      }),
    });
    expect(check.stdout).toMatch(/^Configuration OK/);
  });

  it('serve, against the installed sandbox, answers a submission 201, delivers it and serves the widget', async () => {
    const keys = { GLEANTAP_API_KEY: TEST_KEYS.apiKey, GLEANTAP_SECRET_KEY: TEST_KEYS.secretKey };
    const sandbox = await startInstalled(proxyBin, ['sandbox', '--port', '0'], keys, /listening on (http:\/\/\S+)/);
    children.push(sandbox.child);
    const proxy = await startInstalled(
      proxyBin,
      ['serve'],
      {
        ...keys,
        GLEANTAP_APP_ID: 'app-packed',
        GLEANTAP_BASE_URL: sandbox.url,
        ALLOWED_ORIGINS: SITE_ORIGIN,
        CAPTURE_CONFIG: writeFormsFile(DEFAULT_TEST_FORMS_FILE),
        DATA_DIR: join(work, 'data'),
        HOST: '127.0.0.1',
        PORT: '0',
        METRICS_PORT: '0',
      },
      /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"proxy listening"/,
    );
    children.push(proxy.child);

    const submission = signup({ email: 'packed@example.com' });
    const response = await post(proxy.url, submission);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ status: 'created', id: submission['id'] });
    const contacts = (await (await fetch(`${sandbox.url}/_sandbox/contacts`)).json()) as Array<Record<string, unknown>>;
    expect(contacts).toEqual([expect.objectContaining({ email: 'packed@example.com', capture_submission_id: submission['id'] })]);

    const widget = await fetch(`${proxy.url}/widget.js`);
    expect(widget.status).toBe(200);
    expect(Buffer.from(await widget.arrayBuffer()).equals(loadWidgetBundle()?.bytes ?? Buffer.alloc(0))).toBe(true);
    expect(await stop(proxy.child)).toBe(0);
  });

  it("the widget package's ESM entry exports mount, and its types check in a consumer", async () => {
    writeFileSync(join(widgetFolder, 'import-mount.mjs'), "import { mount } from '@gleantap-capture/widget';\nconsole.log(typeof mount);\n");
    const imported = await run(process.execPath, ['import-mount.mjs'], { cwd: widgetFolder, env: cleanEnv() });
    expect(imported.stdout.trim()).toBe('function');

    writeFileSync(
      join(widgetFolder, 'consumer.ts'),
      [
        "import { mount, type Unmount, type WidgetMountOptions } from '@gleantap-capture/widget';",
        "const options: WidgetMountOptions = { form: 'trial', endpoint: 'https://forms.example.com/', on: { success: ({ id }) => console.log(id) } };",
        'const unmount: Unmount = mount(document.body, options);',
        'unmount();',
        '// @ts-expect-error the form id is required',
        "mount(document.body, { endpoint: 'https://forms.example.com/' });",
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(widgetFolder, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2023', 'dom'], types: [], strict: true, noEmit: true, skipLibCheck: false },
        files: ['consumer.ts'],
      }),
    );
    // Rejects (with tsc's report) on any type error, including in the package's declarations.
    await run(TSC, ['-p', 'tsconfig.json'], { cwd: widgetFolder, env: cleanEnv() });
  });
});
