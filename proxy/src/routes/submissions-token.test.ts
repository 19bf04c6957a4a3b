import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchToken, type Harness, post, SITE_ORIGIN, startHarness } from '../testing/harness.ts';
import { listOutbox } from '../testing/outbox-cli.ts';

/** The proxy's clock: every token age rule reads it. */
let clock = Date.parse('2026-03-01T10:00:00Z');
const FIELDS = { first_name: 'Ada', last_name: 'Lovelace' };

const FORMS = {
  version: 1,
  defaults: { minTokenAge: '2s', maxTokenAge: '1h', rateLimit: { perIp: { max: 10_000, windowSeconds: 600 }, perForm: { max: 10_000, windowSeconds: 600 } } },
  forms: {
    default: {
      allowedOrigins: [SITE_ORIGIN],
      fields: [
        { name: 'first_name', required: true },
        { name: 'last_name', required: true },
        { name: 'email', required: true },
      ],
    },
    other: {
      allowedOrigins: [SITE_ORIGIN],
      fields: [
        { name: 'first_name', required: true },
        { name: 'last_name', required: true },
        { name: 'email', required: true },
      ],
    },
  },
};

describe('form tokens on submissions', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ formsFile: FORMS, now: () => new Date(clock) });
  });
  afterAll(() => harness.close());

  /** A token fetched now, then `ms` passing on the proxy's clock. */
  async function tokenAged(ms: number, formId = 'default'): Promise<string> {
    const token = await fetchToken(harness.proxy.url, formId);
    if (token === undefined) throw new Error('no token in the definition');
    clock += ms;
    return token;
  }

  async function refused(body: Record<string, unknown>, stored: (id: string) => Promise<void>): Promise<void> {
    const response = await post(harness.proxy.url, body);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: { code: 'invalid_token', message: expect.any(String) } });
    await stored(String(body['id']));
  }

  const nothingStored = async (id: string): Promise<void> => {
    expect((await listOutbox(harness.dataDir)).filter((row) => row.id === id)).toEqual([]);
    expect((await harness.calls()).filter((call) => JSON.stringify(call).includes(id))).toEqual([]);
  };

  const body = (email: string, token: unknown) => ({ id: crypto.randomUUID(), fields: { ...FIELDS, email }, token });

  it('a token older than the minimum age is accepted and its lead delivered', async () => {
    const lead = body('token-ok@example.com', await tokenAged(2_000));
    const response = await post(harness.proxy.url, lead);
    expect(response.status).toBe(201);
    expect((await harness.contacts()).some((contact) => contact['email'] === 'token-ok@example.com')).toBe(true);
  });

  it('a token younger than the minimum, forged, expired, of another form or missing is refused invalid_token, nothing stored', async () => {
    await refused(body('young@example.com', await tokenAged(1_999)), nothingStored);
    const good = await tokenAged(5_000);
    const mac = good.slice(-43);
    const forged = `${good.slice(0, -43)}${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`;
    await refused(body('forged@example.com', forged), nothingStored);
    await refused(body('expired@example.com', await tokenAged(3_600_001)), nothingStored);
    await refused(body('other-form@example.com', await tokenAged(5_000, 'other')), nothingStored);
    await refused(body('missing@example.com', undefined), nothingStored);
    await refused(body('garbage@example.com', 'v1.default.x.y.z'), nothingStored);
  });

  it('a token spent by one id is refused for another id, nothing stored; the first id replays with it to its first answer', async () => {
    const token = await tokenAged(3_000);
    const first = body('spent-1@example.com', token);
    const answer = await post(harness.proxy.url, first);
    expect(answer.status).toBe(201);
    const firstBody = await answer.json();
    await refused(body('spent-2@example.com', token), nothingStored);

    const replay = await post(harness.proxy.url, first);
    expect({ status: replay.status, body: await replay.json() }).toEqual({ status: 201, body: firstBody });
    // Still the first answer once the token has expired: the visitor's retry of a stored lead.
    clock += 3_600_001;
    const late = await post(harness.proxy.url, first);
    expect({ status: late.status, body: await late.json() }).toEqual({ status: 201, body: firstBody });
    expect((await listOutbox(harness.dataDir)).filter((row) => row.id === first.id)).toHaveLength(1);
    expect((await harness.calls()).filter((call) => JSON.stringify(call).includes(first.id))).toHaveLength(1);
  });

  it('an expired token with an id never stored is refused, and a replay with a different intent is still a conflict', async () => {
    const token = await tokenAged(3_000);
    const first = body('intent@example.com', token);
    expect((await post(harness.proxy.url, first)).status).toBe(201);
    const changed = await post(harness.proxy.url, { ...first, fields: { ...first.fields, first_name: 'Augusta' } });
    expect(changed.status).toBe(422);
    clock += 3_600_001;
    await refused(body('never-stored@example.com', token), nothingStored);
  });

  it('logs why a token was refused, never the token', async () => {
    const token = await tokenAged(0);
    const lead = body('logged@example.com', token);
    expect((await post(harness.proxy.url, lead)).status).toBe(403);
    const line = harness.logs.map((text) => JSON.parse(text) as Record<string, unknown>).find((entry) => entry['submissionId'] === lead.id && entry['msg'] === 'submission refused: form token');
    expect(line).toMatchObject({ reason: 'too_young', form: 'default' });
    expect(harness.logs.join('\n')).not.toContain(token);
  });
});
