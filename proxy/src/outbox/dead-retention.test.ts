import { describe, expect, it, onTestFinished } from 'vitest';
import { post, startHarness } from '../testing/harness.ts';
import { runOutbox } from '../testing/outbox-cli.ts';
import { formsWithOutbox, lead } from '../testing/outbox-fixtures.ts';
import { waitFor } from '../testing/wait-for.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const FIELDS = [
  { name: 'first_name', required: true },
  { name: 'last_name', required: true },
  { name: 'email', required: true },
];

async function exportDead(dataDir: string): Promise<Map<string, { state: string; erasedAt: string | null; contact: Record<string, unknown> | null }>> {
  const result = await runOutbox(dataDir, 'export', '--state', 'dead', '--format', 'json');
  if (result.code !== 0) throw new Error(result.stderr);
  return new Map((JSON.parse(result.stdout) as Array<{ id: string; state: string; erasedAt: string | null; contact: Record<string, unknown> | null }>).map((row) => [row.id, row]));
}

describe('retention of dead leads', () => {
  it('warns a week ahead at most once a day, then erases dead leads older than outbox.retainDead', async () => {
    let offset = 0;
    const harness = await startHarness({
      formsFile: formsWithOutbox(
        { retainDead: '10d', retainDelivered: '1h' },
        {
          default: { fields: FIELDS },
          // Its keys are refused by the sandbox: every lead on it dies `rejected` at once.
          other: { fields: FIELDS, account: { appId: 'app-other', apiKeyEnv: 'GLEANTAP_OTHER_API_KEY', secretKeyEnv: 'GLEANTAP_OTHER_SECRET_KEY' } },
        },
      ),
      env: { GLEANTAP_OTHER_API_KEY: 'other-key-1234', GLEANTAP_OTHER_SECRET_KEY: 'other-secret-1234' },
      now: () => new Date(Date.now() + offset),
    });
    onTestFinished(() => harness.close());
    const url = harness.proxy.url;
    const warnings = () => harness.logs.filter((line) => line.includes('will have their personal data erased within 7 days'));
    const deliveredErased = () => harness.logs.filter((line) => line.includes('personal data of old delivered leads erased'));
    const old = lead('dead-old');
    expect((await post(url, old, { formId: 'other' })).status).toBe(202);
    await waitFor('the lead dead', async () => (await exportDead(harness.dataDir)).has(old.id));
    expect(warnings()).toEqual([]);

    // Three days later it is within a week of its erasure: one warning, naming how many.
    offset = 3 * DAY + 2 * 60_000;
    await waitFor('the warning', async () => warnings().length === 1);
    expect(JSON.parse(warnings()[0] as string)).toMatchObject({
      level: 'warn',
      count: 1,
      retainDeadMs: 10 * DAY,
      msg: 'retention: dead leads will have their personal data erased within 7 days (outbox.retainDead); export or retry them before',
    });
    const young = lead('dead-young');
    expect((await post(url, young, { formId: 'other' })).status).toBe(202);
    const delivered = lead('delivered');
    expect((await post(url, delivered)).status).toBe(201);

    // Two hours on, a retention pass runs (it erases the delivered lead) and does not warn again.
    offset += 2 * HOUR;
    await waitFor('a retention pass', async () => deliveredErased().length === 1);
    expect(warnings()).toHaveLength(1);
    // A day after the first warning, the next one.
    offset += DAY;
    await waitFor('the second warning', async () => warnings().length === 2);

    // Ten days after it died, its data is gone; it stays dead, with its times, and cannot be resent.
    offset = 10 * DAY + 4 * 60_000;
    const after = await waitFor('the old dead lead erased', async () => {
      const rows = await exportDead(harness.dataDir);
      return rows.get(old.id)?.erasedAt ? rows : undefined;
    });
    expect(after.get(old.id)).toMatchObject({ state: 'dead', contact: null, erasedAt: expect.stringMatching(/Z$/) });
    expect(after.get(young.id)).toMatchObject({ state: 'dead', erasedAt: null, contact: expect.objectContaining({ email: young.fields['email'] }) });
    expect(await runOutbox(harness.dataDir, 'retry', old.id)).toMatchObject({ code: 1, stderr: expect.stringContaining('its data was erased') });
    expect(harness.logs.some((line) => line.includes('personal data of old dead leads erased'))).toBe(true);
    expect(harness.logs.join('\n')).not.toContain(old.fields['email']);
  });
});
