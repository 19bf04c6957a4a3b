import { describe, expect, it } from 'vitest';
import { startTestSandbox } from '../../sandbox/test-sandbox.ts';
import { startChildProxy, stopChildProxy } from '../../testing/child-proxy.ts';
import { tempDataDir } from '../../testing/harness.ts';
import { runningAsRootWarning } from './serve.ts';

const ROOT_LINE = /^running as root: run serve as an unprivileged user/;

describe('serve warns when it runs as root', () => {
  it('has a warning for uid 0 only', () => {
    expect(runningAsRootWarning(0)).toMatch(ROOT_LINE);
    expect(runningAsRootWarning(1000)).toBeUndefined();
    expect(runningAsRootWarning(undefined)).toBeUndefined();
  });

  it('logs it once at warn level from a real serve, exactly when the process is root', async () => {
    const sandbox = await startTestSandbox();
    const proxy = await startChildProxy({ dataDir: tempDataDir(), sandboxUrl: sandbox.url });
    expect(await stopChildProxy(proxy)).toBe(0);
    const warnings = proxy
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: string; msg: string })
      .filter((entry) => ROOT_LINE.test(entry.msg));
    // The suites run as root in this project's containers and as a user elsewhere: both are checked.
    expect(warnings).toEqual(process.getuid?.() === 0 ? [expect.objectContaining({ level: 'warn' })] : []);
  });
});
