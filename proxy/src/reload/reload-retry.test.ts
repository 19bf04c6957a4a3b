import { describe, expect, it, onTestFinished } from 'vitest';
import { createLogger } from '../logging/create-logger.ts';
import { startTestSandbox } from '../sandbox/test-sandbox.ts';
import { startProxy } from '../start-proxy.ts';
import { brokenContactConfigs } from '../testing/broken-contact-configs.ts';
import { captureLines, post, tempDataDir } from '../testing/harness.ts';
import { listOutbox, runOutbox } from '../testing/outbox-cli.ts';
import { lead } from '../testing/outbox-fixtures.ts';
import { waitFor } from '../testing/wait-for.ts';

describe('a reload reaches the outbox', () => {
  it('an invalid_contact lead retried after a reload that fixes the form is built with the new forms and delivered, no restart', async () => {
    const sandbox = await startTestSandbox();
    const dataDir = tempDataDir();
    const { good, broken } = brokenContactConfigs(dataDir, sandbox.url);
    const lines = captureLines();
    const logger = createLogger({ level: 'info', secrets: [...broken.secrets.values()], destination: lines.stream });
    const proxy = await startProxy(broken, { logger, port: 0, host: '127.0.0.1', widget: undefined });
    onTestFinished(() => proxy.close());

    const body = lead('fixed-by-reload');
    expect((await post(proxy.url, body)).status).toBe(202);
    expect((await listOutbox(dataDir))[0]).toMatchObject({ state: 'dead', deadReason: 'invalid_contact' });

    expect(proxy.reload(good)).toMatchObject({ ok: true, changed: ['default'] });
    expect(await runOutbox(dataDir, 'retry', body.id)).toMatchObject({ code: 0, stdout: `requeued ${body.id} (form default)` });
    await waitFor('delivered', async () => (await proxy.metrics()).delivered === 1);
    expect(await sandbox.contacts()).toEqual([expect.objectContaining({ app_id: 'app-fixed', capture_submission_id: body.id })]);
  });
});
