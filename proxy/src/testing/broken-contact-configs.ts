import type { Config } from '../config/config.ts';
import { loadConfig } from '../config/load-config.ts';
import { TEST_KEYS } from '../sandbox/test-sandbox.ts';
import { DEFAULT_TEST_FORMS_FILE, SITE_ORIGIN } from './harness.ts';

/**
 * How the body build is made to fail without mocking our code: the test loads a valid config,
 * then derives from it a form the loader would refuse (an empty app id, so the shared
 * NewContactBody schema throws in buildContact) and starts the real proxy with it. It stands in
 * for any config mistake that gets past the loader's checks.
 */
export function brokenContactConfigs(dataDir: string, sandboxUrl: string): { good: Config; broken: Config } {
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
  const broken: Config = { ...good, forms: new Map([['default', { ...form, account: { ...form.account, appId: '' } }]]) };
  return { good, broken };
}
