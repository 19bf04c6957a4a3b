import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.ts';
import { createLogger } from '../logging/create-logger.ts';
import { captureLines } from '../testing/harness.ts';
import { secretValues } from './secret-values.ts';

const PASSWORD = 'pg pw/canary 7e1';
const URL_WITH_PASSWORD = `postgres://capture:${encodeURIComponent(PASSWORD)}@db.internal:5432/capture`;

describe('the secrets the logger scrubs', () => {
  it('include DATABASE_URL and its password, as written in the URL and as the driver decodes it', () => {
    const result = loadConfig(
      {
        GLEANTAP_API_KEY: 'key-1234',
        GLEANTAP_SECRET_KEY: 'secret-1234',
        GLEANTAP_APP_ID: 'app',
        ALLOWED_ORIGINS: 'https://www.example.com',
        DATABASE_URL: URL_WITH_PASSWORD,
        TOKEN_SECRET: 'x'.repeat(32),
      },
      { readFile: () => '' },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const captured = captureLines();
    const logger = createLogger({ level: 'info', secrets: secretValues(result.config), destination: captured.stream });
    logger.error({ detail: `connecting to ${URL_WITH_PASSWORD}` }, `password authentication failed: ${PASSWORD} / ${encodeURIComponent(PASSWORD)}`);
    logger.flush();
    const text = captured.lines.join('\n');
    expect(text).toContain('password authentication failed');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(encodeURIComponent(PASSWORD));
    expect(text).not.toContain(URL_WITH_PASSWORD);
  });
});
