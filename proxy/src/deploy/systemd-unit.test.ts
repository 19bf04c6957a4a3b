import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished, type TestContext } from 'vitest';
import { BIN } from '../testing/run-cli.ts';

// deploy/systemd/gleantap-capture.service checked by systemd's own tools (the unit is not
// started: these machines run no systemd). `verify` wants ExecStart's program to exist, so it
// checks a copy whose ExecStart runs this checkout's command with this Node.

const UNIT_FILE = fileURLToPath(new URL('../../../deploy/systemd/gleantap-capture.service', import.meta.url));
const UNIT_NAME = 'gleantap-capture.service';
const SHIPPED_EXEC = 'ExecStart=/usr/local/bin/gleantap-capture serve';

const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
const systemdVersion = Number(/^systemd (\d+)/.exec(analyze.stdout ?? '')?.[1] ?? 0);
const MISSING = analyze.status === 0 ? undefined : 'systemd-analyze is not installed (Debian package systemd)';

function skipWith(context: TestContext, reason: string | undefined): void {
  if (reason === undefined) return;
  console.warn(`systemd unit test skipped: ${reason}`);
  context.skip(reason);
}

/** A copy of the unit in a temp directory, with `edit` applied; returns its path. */
function unitCopy(edit: (text: string) => string = (text) => text): string {
  const text = readFileSync(UNIT_FILE, 'utf8');
  if (!text.includes(SHIPPED_EXEC)) throw new Error(`${UNIT_FILE} no longer has ${SHIPPED_EXEC}`);
  const dir = mkdtempSync(join(tmpdir(), 'gc-unit-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, UNIT_NAME);
  writeFileSync(path, edit(text.replace(SHIPPED_EXEC, `ExecStart=${process.execPath} ${BIN} serve`)));
  return path;
}

const verify = (path: string) => spawnSync('systemd-analyze', ['verify', '--man=no', path], { encoding: 'utf8' });

/** The [Service] section's settings, each name with every value it is given. */
function serviceSettings(): Map<string, string[]> {
  const section = /^\[Service\]$([\s\S]*?)^\[/m.exec(readFileSync(UNIT_FILE, 'utf8'))?.[1] ?? '';
  const settings = new Map<string, string[]>();
  for (const line of section.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (match) settings.set(match[1] as string, [...(settings.get(match[1] as string) ?? []), match[2] as string]);
  }
  return settings;
}

describe('deploy/systemd/gleantap-capture.service', () => {
  it('passes systemd-analyze verify without a warning, which does report a misspelt setting', (context) => {
    skipWith(context, MISSING);
    const good = verify(unitCopy());
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0);
    // The same check on a broken copy, so an empty stderr above means something.
    const broken = verify(unitCopy((text) => text.replace('ProtectSystem=strict', 'ProtectSystem=strickt')));
    expect(broken.stderr).toContain('strickt');
  });

  it('has an exposure level of at most 2.0 in systemd-analyze security', (context) => {
    skipWith(context, MISSING ?? (systemdVersion < 252 ? `systemd-analyze ${systemdVersion} has no security --offline (252 or newer)` : undefined));
    const result = spawnSync('systemd-analyze', ['security', '--offline=yes', unitCopy()], { encoding: 'utf8' });
    const exposure = Number(/Overall exposure level for \S+: ([\d.]+)/.exec(result.stdout)?.[1]);
    expect(exposure, result.stdout + result.stderr).toBeLessThanOrEqual(2);
  });

  it('keeps the store in its state directory, keys in an environment file, and stops and reloads with signals', () => {
    const settings = serviceSettings();
    expect(settings.get('StateDirectory')).toEqual(['gleantap-capture']);
    expect(settings.get('Environment')).toContain('DATA_DIR=%S/gleantap-capture');
    expect(settings.get('Environment')).toContain('TRUST_PROXY=loopback');
    expect(settings.get('EnvironmentFile')).toEqual(['/etc/gleantap-capture/env']);
    expect(settings.get('KillSignal')).toEqual(['SIGTERM']);
    expect(settings.get('ExecReload')).toEqual(['/bin/kill -HUP $MAINPID']);
    expect(settings.get('Restart')).toEqual(['on-failure']);
    for (const name of ['NoNewPrivileges', 'ProtectHome', 'PrivateTmp', 'PrivateDevices', 'ProtectKernelTunables', 'ProtectKernelModules', 'ProtectKernelLogs', 'DynamicUser']) {
      expect(settings.get(name), name).toEqual(['yes']);
    }
    expect(settings.get('ProtectSystem')).toEqual(['strict']);
    expect(settings.get('RestrictAddressFamilies')).toEqual(['AF_INET AF_INET6 AF_UNIX']);
    expect(settings.get('SystemCallFilter')).toEqual(['@system-service']);
    // V8's JIT needs writable-then-executable memory: Node dies at start with this on.
    expect(settings.has('MemoryDenyWriteExecute')).toBe(false);
  });
});
