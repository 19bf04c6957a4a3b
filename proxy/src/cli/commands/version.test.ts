import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../store/migrations.ts';
import { runCli } from '../../testing/run-cli.ts';
import { loadWidgetBundle } from '../../widget/widget-bundle.ts';

describe('gleantap-capture version', () => {
  it('prints the release, the store schema version and the widget hash, with no config or keys', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    const widget = loadWidgetBundle();
    if (!widget) throw new Error('the widget is not built: run `npx -y pnpm@10 build`');
    const result = await runCli(['version']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([`gleantap-capture ${version}`, `store schema version ${SCHEMA_VERSION}`, `widget ${widget.hash} (${widget.integrity})`]);
    expect(result.stderr).toBe('');
  });

  it('is listed in the usage, has its own help, and refuses arguments with exit 2', async () => {
    expect((await runCli(['--help'])).stdout).toMatch(/^ {2}version {2,}Print this release/m);
    const help = await runCli(['version', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: gleantap-capture version');
    const extra = await runCli(['version', '--json']);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain('gleantap-capture version:');
  });
});
