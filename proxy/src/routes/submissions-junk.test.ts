import { describe, expect, it, onTestFinished } from 'vitest';
import { DEFAULT_TEST_FORMS_FILE, type Harness, post, startHarness } from '../testing/harness.ts';
import { listOutbox, runOutbox } from '../testing/outbox-cli.ts';
import { waitFor } from '../testing/wait-for.ts';

const FIELDS = [
  { name: 'first_name', required: true },
  { name: 'last_name', required: true },
  { name: 'email', required: true },
  { name: 'company', custom: true, label: { en: 'Company', es: 'Empresa' } },
];

async function start(): Promise<Harness> {
  const harness = await startHarness({
    formsFile: {
      ...DEFAULT_TEST_FORMS_FILE,
      outbox: { inlineBudgetMs: 1000, backoff: { baseMs: 20, capMs: 50 } },
      forms: {
        default: { fields: FIELDS },
        trusting: { fields: FIELDS, bots: { junk: { disposableEmail: false, linksInNames: false, sameValueEverywhere: false } } },
      },
    },
  });
  onTestFinished(() => harness.close());
  return harness;
}

const JUNK = [
  ['a disposable email domain', { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@mailinator.com' }, 'disposable_email'],
  ['a subdomain of a disposable domain', { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@inbox.mailinator.com' }, 'disposable_email'],
  ['a link in a name', { first_name: 'Cheap pills www.pills.example', last_name: 'Lovelace', email: 'ada.link@example.com' }, 'links_in_name'],
  ['markup in a name', { first_name: '<a href=x>Ada</a>', last_name: 'Lovelace', email: 'ada.markup@example.com' }, 'links_in_name'],
  ['the same value in every text field', { first_name: 'asdf', last_name: 'asdf', email: 'ada.same@example.com', company: 'ASDF' }, 'same_value_everywhere'],
] as const;

describe('junk checks', () => {
  it.each(JUNK)('%s is answered like a lead, stored dropped with its reason, never sent; outbox retry sends it', async (_name, fields, reason) => {
    const harness = await start();
    const id = crypto.randomUUID();
    const response = await post(harness.proxy.url, { id, fields });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: 'queued', id });
    expect((await listOutbox(harness.dataDir)).find((row) => row.id === id)).toMatchObject({ state: 'dropped', dropReason: reason });
    expect(await harness.calls()).toEqual([]);
    const line = harness.logs.find((text) => text.includes(id) && text.includes('submission dropped (junk)'));
    expect(JSON.parse(line ?? '{}')).toMatchObject({ reason, form: 'default' });
    expect(harness.logs.join('\n')).not.toContain(fields.email);

    // A false positive: the owner sends it after all.
    const retried = await runOutbox(harness.dataDir, 'retry', id);
    expect(retried.code).toBe(0);
    await waitFor('the rescued lead is delivered', async () => (await listOutbox(harness.dataDir)).find((row) => row.id === id && row.state === 'delivered'));
    expect((await harness.contacts()).map((contact) => contact['email'])).toEqual([fields.email.toLowerCase()]);
  });

  it('a form that turns the checks off accepts the same submissions', async () => {
    const harness = await start();
    for (const [, fields] of JUNK) {
      const response = await post(harness.proxy.url, { id: crypto.randomUUID(), fields }, { formId: 'trusting' });
      expect(response.status).toBe(201);
    }
    expect(await harness.contacts()).toHaveLength(JUNK.length);
  });

  it('a real person is not junk: names with apostrophes, initials and one repeated word', async () => {
    const harness = await start();
    const response = await post(harness.proxy.url, { id: crypto.randomUUID(), fields: { first_name: "D'Arcy J.", last_name: 'Lee', email: 'lee.lee@example.com', company: 'Lee' } });
    expect(response.status).toBe(201);
  });
});
