import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Definition } from '../core/definition.ts';
import { createEventHub } from '../core/events.ts';
import { mountInto } from '../core/mount.tsx';
import { type } from '../testing/drive.ts';
import { DEFINITION, fakeNetwork, json } from '../testing/fake-network.ts';

const ENDPOINT = 'https://forms.example.com/';

/** A form whose every definition answer carries the next token: t1, t2, … */
function setup(definition: Omit<Definition, 'token'>) {
  let issued = 0;
  const network = fakeNetwork(() => ({ ...definition, token: `t${++issued}` }));
  vi.stubGlobal('fetch', network.fetch);
  const host = document.createElement('div');
  document.body.append(host);
  mountInto(host, { form: 'trial', endpoint: ENDPOINT, locale: undefined }, createEventHub());
  const root = host.shadowRoot as ShadowRoot;
  const $ = <E extends Element = HTMLElement>(selector: string) => root.querySelector<E>(selector);
  const send = () => {
    type($('#gc-first_name'), 'Ada');
    type($('#gc-last_name'), 'Lovelace');
    type($('#gc-email'), 'ada@example.com');
    ($('button[type=submit]') as HTMLButtonElement).click();
  };
  const definitionFetches = () => network.seen.filter((request) => request.method === 'GET').length;
  return { network, host, root, $, send, definitionFetches };
}

beforeEach(() => {
  document.body.innerHTML = '';
  document.head.innerHTML = '';
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('form tokens in the widget', () => {
  it('waits out the minimum age itself before sending, and the visitor sees only "sending"', async () => {
    const view = setup({ ...DEFINITION, tokenAge: { min: 2_000, max: 3_600_000 } });
    await vi.advanceTimersByTimeAsync(10);
    view.send();
    await vi.advanceTimersByTimeAsync(1_900);
    expect(view.network.submissions()).toEqual([]);
    expect(view.$('.error, [part=notice]')).toBeNull();
    await vi.advanceTimersByTimeAsync(200);
    expect(view.network.submissions()).toEqual([expect.objectContaining({ token: 't1' })]);
    await vi.advanceTimersByTimeAsync(10);
    expect(view.root.textContent).toContain(DEFINITION.success.message);
  });

  it('a token refused invalid_token is fetched afresh and the same id sent once more', async () => {
    const view = setup({ ...DEFINITION, tokenAge: { min: 0, max: 3_600_000 } });
    view.network.answer(json(403, { error: { code: 'invalid_token', message: 'x' } }));
    await vi.advanceTimersByTimeAsync(10);
    view.send();
    await vi.advanceTimersByTimeAsync(50);
    const [first, second] = view.network.submissions();
    expect(first).toMatchObject({ token: 't1' });
    expect(second).toMatchObject({ token: 't2', id: first?.['id'] });
    expect(view.network.submissions()).toHaveLength(2);
    expect(view.root.textContent).toContain(DEFINITION.success.message);
  });

  it('a page left open past the maximum age fetches a fresh token before sending', async () => {
    const view = setup({ ...DEFINITION, tokenAge: { min: 0, max: 60_000 } });
    await vi.advanceTimersByTimeAsync(10);
    expect(view.definitionFetches()).toBe(1);
    await vi.advanceTimersByTimeAsync(60_001);
    view.send();
    await vi.advanceTimersByTimeAsync(50);
    expect(view.definitionFetches()).toBe(2);
    expect(view.network.submissions()).toEqual([expect.objectContaining({ token: 't2' })]);
  });
});

describe('a CAPTCHA in the widget', () => {
  it("loads the provider's script only for a form that has one, renders its challenge in a light-DOM slot, and sends its response", async () => {
    const plain = setup({ ...DEFINITION });
    await vi.advanceTimersByTimeAsync(10);
    expect(document.head.querySelector('script')).toBeNull();
    expect(plain.$('slot[name=captcha]')).toBeNull();
    document.body.innerHTML = '';

    const view = setup({ ...DEFINITION, captcha: { provider: 'turnstile', siteKey: '0x4AAAAAAAtest' } });
    await vi.advanceTimersByTimeAsync(10);
    const script = document.head.querySelector('script');
    expect(script?.src).toBe('https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit');
    const box = view.host.querySelector('div[slot=captcha]');
    expect(box).not.toBeNull();
    expect(view.$('slot[name=captcha]')).not.toBeNull();
    let rendered: { container: Element; options: { sitekey: string; callback: (response: string) => void } } | undefined;
    vi.stubGlobal('turnstile', { render: (container: Element, options: never) => (rendered = { container, options }) });
    script?.dispatchEvent(new Event('load'));
    expect(rendered?.container).toBe(box);
    expect(rendered?.options.sitekey).toBe('0x4AAAAAAAtest');
    rendered?.options.callback('solved-response');
    view.send();
    await vi.advanceTimersByTimeAsync(50);
    expect(view.network.submissions()).toEqual([expect.objectContaining({ captcha: 'solved-response', token: 't1' })]);
  });

  it('resets a challenge the proxy may have spent, and sends the fresh response next time', async () => {
    const view = setup({ ...DEFINITION, tokenAge: { min: 0, max: 3_600_000 }, captcha: { provider: 'turnstile', siteKey: '0x4AAAAAAAtest' } });
    await vi.advanceTimersByTimeAsync(10);
    let solved: (response: string) => void = () => undefined;
    const resets: string[] = [];
    vi.stubGlobal('turnstile', {
      render: (_container: Element, options: { callback: (response: string) => void }) => {
        solved = options.callback;
        return 'widget-1';
      },
      reset: (widgetId: string) => resets.push(widgetId),
    });
    document.head.querySelector('script')?.dispatchEvent(new Event('load'));
    solved('first-response');
    // Refused with a fresh form token too: the CAPTCHA was the reason.
    view.network.answer(json(403, { error: { code: 'invalid_token', message: 'x' } }));
    view.network.answer(json(403, { error: { code: 'invalid_token', message: 'x' } }));
    view.send();
    await vi.advanceTimersByTimeAsync(50);
    expect(view.network.submissions().map((body) => body['captcha'])).toEqual(['first-response', 'first-response']);
    expect(resets).toEqual(['widget-1']);

    solved('second-response');
    (view.$('button[type=submit]') as HTMLButtonElement).click();
    await vi.advanceTimersByTimeAsync(50);
    expect(view.network.submissions().at(-1)).toMatchObject({ captcha: 'second-response' });
    expect(view.root.textContent).toContain(DEFINITION.success.message);
  });

  it('keeps the challenge when the proxy refused the fields, which it checks first', async () => {
    const view = setup({ ...DEFINITION, captcha: { provider: 'turnstile', siteKey: '0x4AAAAAAAtest' } });
    await vi.advanceTimersByTimeAsync(10);
    const resets: string[] = [];
    vi.stubGlobal('turnstile', { render: () => 'widget-1', reset: (widgetId: string) => resets.push(widgetId) });
    document.head.querySelector('script')?.dispatchEvent(new Event('load'));
    view.network.answer(json(400, { error: { code: 'invalid_fields', message: 'x', fields: { email: 'invalid_email' } } }));
    view.send();
    await vi.advanceTimersByTimeAsync(50);
    expect(view.network.submissions()).toHaveLength(1);
    expect(resets).toEqual([]);
  });

  it('takes hCaptcha from its own host', async () => {
    setup({ ...DEFINITION, captcha: { provider: 'hcaptcha', siteKey: '10000000-ffff-ffff-ffff-000000000001' } });
    await vi.advanceTimersByTimeAsync(10);
    expect(document.head.querySelector('script')?.src).toBe('https://js.hcaptcha.com/1/api.js?render=explicit');
  });
});
