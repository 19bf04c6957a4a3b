import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startSandbox } from './start-sandbox.ts';
import { TEST_KEYS } from './test-sandbox.ts';

/** A pino logger whose lines land in `lines`, to see what an operator would read. */
function captureLogger(): { logger: pino.Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino(stream), lines };
}

describe('startSandbox', () => {
  it('listens on an ephemeral loopback port and reports a usable URL', async () => {
    const { logger, lines } = captureLogger();
    const sandbox = await startSandbox({ ...TEST_KEYS, port: 0, logger });
    onTestFinished(() => sandbox.close());
    expect(sandbox.host).toBe('127.0.0.1');
    expect(sandbox.port).toBeGreaterThan(0);
    expect(sandbox.url).toBe(`http://127.0.0.1:${sandbox.port}`);
    expect((await fetch(`${sandbox.url}/_sandbox/contacts`)).status).toBe(200);
    expect(lines.filter((line) => line['level'] === 40)).toEqual([]);
  });

  it('rejects with EADDRINUSE when the port is taken', async () => {
    const first = await startSandbox({ ...TEST_KEYS, port: 0 });
    onTestFinished(() => first.close());
    await expect(startSandbox({ ...TEST_KEYS, port: first.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('warns when bound to a non-loopback address', async () => {
    const { logger, lines } = captureLogger();
    const sandbox = await startSandbox({ ...TEST_KEYS, host: '0.0.0.0', port: 0, logger });
    onTestFinished(() => sandbox.close());
    expect(lines).toEqual([expect.objectContaining({ level: 40, host: '0.0.0.0', msg: expect.stringContaining('not loopback') })]);
    expect((await fetch(`${sandbox.url}/_sandbox/contacts`)).status).toBe(200);
  });

  it('refuses empty keys', async () => {
    await expect(startSandbox({ apiKey: '', secretKey: 'x', port: 0 })).rejects.toThrow(/non-empty/);
  });

  it('close() is safe to call twice and stops answering', async () => {
    const sandbox = await startSandbox({ ...TEST_KEYS, port: 0 });
    await Promise.all([sandbox.close(), sandbox.close()]);
    await expect(fetch(`${sandbox.url}/_sandbox/contacts`)).rejects.toThrow();
  });
});
