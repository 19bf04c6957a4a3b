import { describe, expect, it, onTestFinished } from 'vitest';
import type { Config } from '../config/config.ts';
import { loadConfig } from '../config/load-config.ts';
import { createLogger } from '../logging/create-logger.ts';
import { startTestSandbox, TEST_KEYS } from '../sandbox/test-sandbox.ts';
import { startProxy } from '../start-proxy.ts';
import { captureLines, DEFAULT_TEST_FORMS_FILE, post, SITE_ORIGIN, tempDataDir } from '../testing/harness.ts';
import { listOutbox, runOutbox } from '../testing/outbox-cli.ts';
import { lead } from '../testing/outbox-fixtures.ts';
import { waitFor } from '../testing/wait-for.ts';

/**
 * A config the loader accepts, and one derived from it whose contact cannot be built (an empty
 * app id), standing in for a config mistake that got past the checks (see invalid-contact.test.ts).
 */
function configs(dataDir: string, sandboxUrl: string): { good: Config; broken: Config } {
  const result = loadConfig(
    {
      GLEANTAP_API_KEY: TEST_KEYS.apiKey,
      GLEANTAP_SECRET_KEY: TEST_KEYS.secretKey,
      GLEANTAP_APP_ID: 'app-fixed',
      GLEANTAP_BASE_URL: sandboxUrl,
      ALLOWED_ORIGINS: SITE_ORIGIN,
      CAPTURE_CONFIG: '/virtual/forms.json',
      DATA_DIR: dataDir,
    },
    { readFile: () => JSON.stringify({ ...DEFAULT_TEST_FORMS_FILE, outbox: { inlineBudgetMs: 500, backoff: { baseMs: 20, capMs: 100 } } }) },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const good = result.config;
  const form = good.forms.get('default');
  if (form === undefined) throw new Error('no default form');
  return { good, broken: { ...good, forms: new Map([['default', { ...form, account: { ...form.account, appId: '' } }]]) } };
}

describe('a reload reaches the outbox', () => {
  it('an invalid_contact lead retried after a reload that fixes the form is built with the new forms and delivered, no restart', async () => {
    const sandbox = await startTestSandbox();
    const dataDir = tempDataDir();
    const { good, broken } = configs(dataDir, sandbox.url);
    const lines = captureLines();
    const logger = createLogger({ level: 'info', secrets: [...broken.secrets.values()], destination: lines.stream });
    const proxy = await startProxy(broken, { logger, port: 0, host: '127.0.0.1', widget: undefined });
    onTestFinished(() => proxy.close());

    const body = lead('fixed-by-reload');
    expect((await post(proxy.url, body)).status).toBe(202);
    expect((await listOutbox(dataDir))[0]).toMatchObject({ state: 'dead', deadReason: 'invalid_contact' });

    expect(proxy.reload(good)).toMatchObject({ ok: true, changed: ['default'] });
    expect(await runOutbox(dataDir, 'retry', body.id)).toMatchObject({ code: 0, stdout: `requeued ${body.id} (form default)` });
    await waitFor('delivered', () => proxy.metrics().delivered === 1);
    expect(await sandbox.contacts()).toEqual([expect.objectContaining({ app_id: 'app-fixed', capture_submission_id: body.id })]);
  });
});
