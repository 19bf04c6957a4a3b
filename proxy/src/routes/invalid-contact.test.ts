import { describe, expect, it, onTestFinished } from 'vitest';
import type { Config } from '../config/config.ts';
import { createLogger } from '../logging/create-logger.ts';
import { startTestSandbox } from '../sandbox/test-sandbox.ts';
import { type RunningProxy, startProxy } from '../start-proxy.ts';
import { brokenContactConfigs } from '../testing/broken-contact-configs.ts';
import { captureLines, post, tempDataDir } from '../testing/harness.ts';
import { listOutbox, runOutbox } from '../testing/outbox-cli.ts';
import { lead } from '../testing/outbox-fixtures.ts';
import { waitFor } from '../testing/wait-for.ts';

async function start(config: Config, lines: ReturnType<typeof captureLines>): Promise<RunningProxy> {
  const logger = createLogger({ level: 'info', secrets: [...config.secrets.values()], destination: lines.stream });
  const proxy = await startProxy(config, { logger, port: 0, host: '127.0.0.1', widget: undefined });
  onTestFinished(() => proxy.close());
  return proxy;
}

describe('defence in depth: a valid submission whose body cannot be built is kept, never lost', () => {
  it('is stored dead (invalid_contact) with its fields, answered 202, logged at error level; after a config fix `outbox retry` delivers it', async () => {
    const sandbox = await startTestSandbox();
    const dataDir = tempDataDir();
    const { good, broken } = brokenContactConfigs(dataDir, sandbox.url);
    const logs = captureLines();
    const first = await start(broken, logs);

    const body = lead('kept');
    const response = await post(first.url, body);
    expect({ status: response.status, body: await response.json() }).toEqual({ status: 202, body: { status: 'queued', id: body.id } });
    // A replay gets the same answer from the stored row.
    expect((await post(first.url, body)).status).toBe(202);

    const [row] = await listOutbox(dataDir);
    expect(row).toMatchObject({ id: body.id, state: 'dead', deadReason: 'invalid_contact', lastError: 'invalid_contact', attempts: 0 });
    expect(row?.lastMessage).toBe('newContact body invalid: app_id: too_small');
    expect(await sandbox.calls()).toEqual([]);
    const exported = JSON.parse((await runOutbox(dataDir, 'export', '--format', 'json')).stdout) as Array<Record<string, unknown>>;
    expect(exported).toEqual([expect.objectContaining({ id: body.id, contact: null, fields: body.fields })]);

    const parsed = logs.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed.filter((line) => line['level'] === 'error')).toEqual([
      expect.objectContaining({ form: 'default', submissionId: body.id, deadReason: 'invalid_contact', problem: 'newContact body invalid: app_id: too_small' }),
    ]);
    for (const value of Object.values(body.fields)) expect(logs.lines.join('\n')).not.toContain(value);

    // Retried while the config is still wrong: built anew, still failing, dead again with the problem named.
    expect(await runOutbox(dataDir, 'retry', body.id)).toMatchObject({ code: 0, stdout: `requeued ${body.id} (form default)` });
    await waitFor('dead again', () => logs.lines.some((line) => line.includes('retried lead still cannot be built')));
    await waitFor('the row dead', async () => (await listOutbox(dataDir))[0]?.state === 'dead');
    expect(await sandbox.calls()).toEqual([]);

    // The owner fixes the config and restarts; `outbox retry` builds the body with the new config.
    await first.close();
    const second = await start(good, logs);
    expect(await runOutbox(dataDir, 'retry', '--all-dead')).toMatchObject({ code: 0, stdout: `requeued ${body.id} (form default)` });
    await waitFor('delivered', async () => (await second.metrics()).delivered === 1);
    const contacts = await sandbox.contacts();
    expect(contacts).toEqual([expect.objectContaining({ app_id: 'app-fixed', email: body.fields['email'], last_name: 'Lovelace', capture_submission_id: body.id })]);
    expect((await listOutbox(dataDir))[0]).toMatchObject({ state: 'delivered', deadReason: null, gleantapId: contacts[0]?.['_id'] });
  });
});
