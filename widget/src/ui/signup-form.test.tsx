import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEventHub, type WidgetEventDetail } from '../core/events.ts';
import { mountInto } from '../core/mount.tsx';
import { blur, type, waitFor } from '../testing/drive.ts';
import { byLocale, DEFINITION, fakeNetwork, json } from '../testing/fake-network.ts';

const ENDPOINT = 'https://forms.example.com/';

function setup(options: { locale?: string; definition?: typeof DEFINITION } = {}) {
  const network = fakeNetwork(options.definition ?? byLocale);
  vi.stubGlobal('fetch', network.fetch);
  const host = document.createElement('div');
  host.innerHTML = '<a href="tel:555">Call us</a>';
  document.body.append(host);
  const events: Array<[string, WidgetEventDetail]> = [];
  for (const name of ['ready', 'submit', 'success', 'error']) {
    host.addEventListener(`gleantap:${name}`, (event) => events.push([name, (event as CustomEvent<WidgetEventDetail>).detail]));
  }
  const unmount = mountInto(host, { form: 'trial', endpoint: ENDPOINT, locale: options.locale }, createEventHub());
  const root = host.shadowRoot as ShadowRoot;
  const $ = <E extends Element = HTMLElement>(selector: string) => root.querySelector<E>(selector);
  const ready = () => waitFor(() => $('form'));
  const status = () => $('[role=status]')?.textContent ?? '';
  const submit = () => ($('button[type=submit]') as HTMLButtonElement).click();
  const fillValid = () => {
    type($('#gc-first_name'), 'Ada');
    type($('#gc-last_name'), 'Lovelace');
    type($('#gc-email'), 'ada@example.com');
  };
  return { network, host, root, $, ready, status, submit, fillValid, events, unmount };
}

beforeEach(() => {
  document.body.innerHTML = '';
  document.documentElement.lang = 'en';
});
afterEach(() => vi.unstubAllGlobals());

describe('rendering', () => {
  it('keeps the host’s own content until the form is ready, then renders labelled inputs in a shadow root', async () => {
    const view = setup();
    expect(view.host.shadowRoot?.mode).toBe('open');
    expect(view.$('slot')).not.toBeNull();
    await view.ready();
    const email = view.$<HTMLInputElement>('#gc-email');
    expect(email?.type).toBe('email');
    expect(email?.getAttribute('autocomplete')).toBe('email');
    expect(email?.getAttribute('inputmode')).toBe('email');
    expect(email?.getAttribute('aria-required')).toBe('true');
    expect(view.$('label[for=gc-email]')?.textContent).toBe('Email (required)');
    expect(view.$('label[for=gc-phone]')?.textContent).toBe('Phone');
    expect(view.$<HTMLSelectElement>('#gc-goal')?.options.length).toBe(3);
    expect(view.$('button[type=submit]')?.textContent).toBe('Start my trial');
    const consent = view.$<HTMLInputElement>('#gc-consent-sms');
    expect(consent?.checked).toBe(false);
    const link = view.$<HTMLAnchorElement>('.consent a');
    expect(link?.href).toBe('https://example.com/terms');
    expect(link?.target).toBe('_blank');
    expect(link?.rel).toBe('noopener');
    // The proxy's stylesheet, as one constructable sheet.
    expect(view.root.adoptedStyleSheets.length).toBe(1);
    expect([...(view.root.adoptedStyleSheets[0]?.cssRules ?? [])].map((rule) => rule.cssText).join('')).toContain('--gleantap-accent: #aa0000');
    expect(view.root.querySelector('style,[style]')).toBeNull();
    expect(view.events.map(([name]) => name)).toEqual(['ready']);
  });

  it('speaks Spanish when the page does', async () => {
    document.documentElement.lang = 'es-MX';
    const view = setup();
    await view.ready();
    expect(view.$('label[for=gc-email]')?.textContent).toBe('Correo electrónico (obligatorio)');
    // The proxy chooses among the form's locales: the widget only says what the visitor prefers.
    expect(view.network.seen[0]?.url).toMatch(/^https:\/\/forms\.example\.com\/v1\/forms\/trial\?locale=es-MX(,|$)/);
    view.submit();
    await waitFor(() => view.status().startsWith('Hay 3 problemas'));
    expect(view.$('#gc-email-e')?.textContent).toBe('Completa este campo.');
  });

  it('renders consent links only for https and never as HTML', async () => {
    const view = setup({
      definition: { ...DEFINITION, consent: [{ kind: 'sms', text: 'Read [this](javascript:alert(1)) and <b>that</b> [ok](https://example.com/p)', version: 'v', required: false }] },
    });
    await view.ready();
    const label = view.$('label[for=gc-consent-sms]');
    expect(label?.querySelectorAll('a').length).toBe(1);
    expect(label?.querySelector('b')).toBeNull();
    expect(label?.textContent).toContain('[this](javascript:alert(1)) and <b>that</b> ok');
  });
});

describe('validation', () => {
  it('on submit: marks each invalid field, links its message, focuses the first, and announces the count every time', async () => {
    const view = setup();
    await view.ready();
    type(view.$('#gc-email'), 'not-an-email');
    view.submit();
    await waitFor(() => view.status().includes('3 problems'));
    const first = view.$('#gc-first_name');
    expect(first?.getAttribute('aria-invalid')).toBe('true');
    expect(first?.getAttribute('aria-describedby')).toBe('gc-first_name-e');
    expect(view.$('#gc-first_name-e')?.textContent).toBe('Please fill in this field.');
    expect(view.$('#gc-email-e')?.textContent).toBe('Please enter a valid email address, like name@example.com.');
    expect(view.root.activeElement).toBe(first);
    const firstAnnouncement = view.status();
    view.submit();
    await waitFor(() => view.status() !== firstAnnouncement);
    expect(view.status().trim()).toBe('There are 3 problems with the form.');
    expect(view.network.submissions()).toHaveLength(0);
    expect(view.events.filter(([name]) => name === 'error').every(([, detail]) => detail.error_code === 'invalid_fields')).toBe(true);
  });

  it('on blur: judges a field the visitor typed in, and clears the message once it is fixed', async () => {
    const view = setup();
    await view.ready();
    const phone = view.$('#gc-phone');
    blur(phone);
    expect(view.$('#gc-phone-e')).toBeNull();
    type(phone, '12');
    blur(phone);
    await waitFor(() => view.$('#gc-phone-e'));
    expect(view.$('#gc-phone-e')?.textContent).toBe('Please enter a valid phone number.');
    type(phone, '+1 415 555 2671');
    await waitFor(() => !view.$('#gc-phone-e'));
    expect(phone?.getAttribute('aria-invalid')).toBeNull();
  });

  it('does not judge a field whose blur comes from pressing a button (the button would move under the click)', async () => {
    const view = setup();
    await view.ready();
    const email = view.$('#gc-email');
    type(email, 'not-an-email');
    view.$('button[type=submit]')?.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    blur(email);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(view.$('#gc-email-e')).toBeNull();
    view.submit();
    await waitFor(() => view.$('#gc-email-e'));
    expect(view.status()).toContain('3 problems');
  });

  it('keeps the proxy’s verdict on a field until its value changes', async () => {
    const view = setup();
    await view.ready();
    view.fillValid();
    type(view.$('#gc-phone'), '+1 011 111 1111');
    view.network.answer(json(400, { error: { code: 'invalid_fields', message: 'x', fields: { phone: 'invalid_phone' } } }));
    view.submit();
    await waitFor(() => view.$('#gc-phone-e'));
    blur(view.$('#gc-phone'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(view.$('#gc-phone-e')?.textContent).toBe('Please enter a valid phone number.');
  });

  it('shows the proxy’s field errors in the same words', async () => {
    const view = setup();
    await view.ready();
    view.fillValid();
    view.network.answer(json(400, { error: { code: 'invalid_fields', message: 'x', fields: { email: 'invalid_email', phone: 'invalid_phone' } } }));
    view.submit();
    await waitFor(() => view.$('#gc-phone-e'));
    expect(view.$('#gc-email-e')?.textContent).toBe('Please enter a valid email address, like name@example.com.');
    expect(view.$('#gc-phone-e')?.textContent).toBe('Please enter a valid phone number.');
    expect(view.root.activeElement).toBe(view.$('#gc-email'));
    expect(view.status()).toContain('2 problems');
  });
});

describe('a page the proxy does not allow', () => {
  it('keeps the host’s own content (the widget has no text in the visitor’s language yet) and tells the owner once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.stubGlobal('fetch', async () => json(403, { error: { code: 'origin_not_allowed', message: 'x' } }));
    const host = document.createElement('div');
    host.textContent = 'Call us on 555-0100';
    document.body.append(host);
    const codes: string[] = [];
    host.addEventListener('gleantap:error', (event) => codes.push(String((event as CustomEvent<WidgetEventDetail>).detail.error_code)));
    mountInto(host, { form: 'trial', endpoint: ENDPOINT }, createEventHub());
    await waitFor(() => codes.length > 0);
    expect(host.shadowRoot?.querySelector('slot')).not.toBeNull();
    expect(host.shadowRoot?.querySelector('.notice')).toBeNull();
    expect(host.textContent).toBe('Call us on 555-0100');
    expect(host.shadowRoot?.querySelector('form')).toBeNull();
    expect(codes).toEqual(['origin_not_allowed']);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });
});

describe('submitting', () => {
  it('sends only declared fields, consent with the version shown, and attribution; success is announced and focused', async () => {
    const view = setup();
    await view.ready();
    view.fillValid();
    (view.$('#gc-consent-sms') as HTMLInputElement).click();
    view.submit();
    await waitFor(() => view.$('.success'));
    const [sent] = view.network.submissions();
    expect(sent).toMatchObject({
      fields: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' },
      consent: { sms: { granted: true, version: 'aaaaaaaaaaaa' } },
      context: { page_url: expect.any(String), locale: 'en' },
      hp: '',
    });
    expect(sent?.['id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(view.network.seen[1]?.url).toBe('https://forms.example.com/v1/forms/trial/submissions');
    expect(view.$('.success')?.textContent).toBe('Welcome aboard!');
    expect(view.$('.success')?.getAttribute('role')).toBe('status');
    expect(view.root.activeElement).toBe(view.$('.success'));
    const success = view.events.find(([name]) => name === 'success');
    expect(success?.[1]).toEqual({ form: 'trial', id: sent?.['id'], status: 'created' });
    expect(JSON.stringify(view.events)).not.toContain('ada@example.com');
  });

  it('keeps one id across retries of the same answers and makes a new one after an edit', async () => {
    const view = setup();
    await view.ready();
    view.fillValid();
    view.network.answer('network_error', json(503, { error: { code: 'unavailable', message: 'x' } }), 'network_error');
    view.submit();
    await waitFor(() => view.$('.notice'));
    expect(view.$('.notice p')?.textContent).toBe("We couldn't send your details. Check your connection and try again.");
    expect(view.$<HTMLInputElement>('#gc-email')?.value).toBe('ada@example.com');
    view.$<HTMLButtonElement>('.notice button')?.click();
    await waitFor(() => view.$('.notice p')?.textContent === 'Sorry, the site had a problem saving your details. Please try again.');
    expect(view.network.submissions()).toHaveLength(2);
    type(view.$('#gc-last_name'), 'Byron');
    view.submit();
    await waitFor(() => view.network.submissions().length === 3);
    const ids = view.network.submissions().map((body) => body['id']);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it.each([
    ['en', 500, { error: { code: 'internal_error', message: 'x' } }, 'Sorry, the site had a problem saving your details. Please try again.', 'Try again'],
    ['en', 503, { error: { code: 'unavailable', message: 'x' } }, 'Sorry, the site had a problem saving your details. Please try again.', 'Try again'],
    ['en', 502, 'Bad Gateway', 'Sorry, the site had a problem saving your details. Please try again.', 'Try again'],
    ['es', 500, { error: { code: 'internal_error', message: 'x' } }, 'Lo sentimos, el sitio tuvo un problema al guardar tus datos. Inténtalo de nuevo.', 'Reintentar'],
    ['es', 503, { error: { code: 'unavailable', message: 'x' } }, 'Lo sentimos, el sitio tuvo un problema al guardar tus datos. Inténtalo de nuevo.', 'Reintentar'],
  ])('a %s visitor answered %i is told the site had a problem, never their connection, and can retry with the same id', async (locale, status, body, text, retry) => {
    const view = setup({ locale });
    await view.ready();
    view.fillValid();
    view.network.answer(typeof body === 'string' ? new Response(body, { status }) : json(status, body));
    view.submit();
    await waitFor(() => view.$('.notice'));
    expect(view.$('.notice p')?.textContent).toBe(text);
    expect(view.$('.notice p')?.textContent).not.toMatch(/connection|conexión/);
    expect(view.$('.notice button')?.textContent).toBe(retry);
    view.$<HTMLButtonElement>('.notice button')?.click();
    await waitFor(() => view.$('.success'));
    const [first, second] = view.network.submissions();
    expect(second?.['id']).toBe(first?.['id']);
  });

  it.each([
    ['en', "We couldn't send your details. Check your connection and try again."],
    ['es', 'No pudimos enviar tus datos. Revisa tu conexión e inténtalo de nuevo.'],
  ])('only a request that never got an answer mentions the connection (%s)', async (locale, text) => {
    const view = setup({ locale });
    await view.ready();
    view.fillValid();
    view.network.answer('network_error');
    view.submit();
    await waitFor(() => view.$('.notice'));
    expect(view.$('.notice p')?.textContent).toBe(text);
    expect(view.$('.notice button')).not.toBeNull();
  });

  it('disables the button while sending, so a double click sends once', async () => {
    const view = setup();
    await view.ready();
    view.fillValid();
    let release: (response: Response) => void = () => {};
    view.network.answer(new Promise<Response>((resolve) => (release = resolve)));
    view.submit();
    view.submit();
    const button = view.$<HTMLButtonElement>('button[type=submit]');
    await waitFor(() => button?.disabled);
    expect(button?.textContent).toBe('Sending…');
    view.submit();
    release(json(201, { status: 'created', id: 'x' }));
    await waitFor(() => view.$('.success'));
    expect(view.network.submissions()).toHaveLength(1);
  });

  it('tells the visitor when to try again after 429', async () => {
    const view = setup();
    await view.ready();
    view.fillValid();
    view.network.answer(json(429, { error: { code: 'rate_limited', message: 'x' } }, { 'retry-after': '42' }));
    view.submit();
    await waitFor(() => view.$('.notice'));
    expect(view.$('.notice p')?.textContent).toBe('Too many attempts. Please try again in 42 s.');
    expect(view.$('.notice button')).toBeNull();
  });

  it('shows a calm message for a refused origin and tells the owner once in the console', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const view = setup();
    await view.ready();
    view.fillValid();
    view.network.answer(json(403, { error: { code: 'origin_not_allowed', message: 'x' } }));
    view.submit();
    await waitFor(() => view.$('.notice'));
    expect(view.$('.notice p')?.textContent).toBe("This form can't be sent from this page right now. Please contact us another way.");
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain(location.origin);
    warn.mockRestore();
  });

  it('sends what the visitor typed into custom fields named like the widget’s own inputs (website, consent_sms)', async () => {
    const custom = (name: string) => ({ name, type: 'text' as const, label: name, required: false, autocomplete: 'off', inputmode: 'text', maxLength: 256 });
    const view = setup({ definition: { ...DEFINITION, fields: [...DEFINITION.fields, custom('website'), custom('consent_sms'), custom('consent_email')] } });
    await view.ready();
    view.fillValid();
    type(view.$('#gc-website'), 'https://ada.example');
    type(view.$('#gc-consent_sms'), 'only on weekdays');
    type(view.$('#gc-consent_email'), 'monthly');
    (view.$('#gc-consent-sms') as HTMLInputElement).click();
    view.submit();
    await waitFor(() => view.$('.success'));
    const [sent] = view.network.submissions();
    expect(sent?.['fields']).toEqual({
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@example.com',
      website: 'https://ada.example',
      consent_sms: 'only on weekdays',
      consent_email: 'monthly',
    });
    expect(sent?.['consent']).toEqual({ sms: { granted: true, version: 'aaaaaaaaaaaa' } });
    expect(sent?.['hp']).toBe('');
  });

  it('keeps its honeypot out of reach of people and assistive technology, in its own namespace', async () => {
    const view = setup();
    await view.ready();
    const honeypot = view.$<HTMLInputElement>('.hp input');
    expect(honeypot?.name).toBe('gleantap-hp');
    expect(honeypot?.tabIndex).toBe(-1);
    expect(honeypot?.getAttribute('autocomplete')).toBe('off');
    expect(honeypot?.closest('[aria-hidden=true]')).not.toBeNull();
    expect(view.$<HTMLInputElement>('#gc-consent-sms')?.name).toBe('gleantap-consent-sms');
  });

  it('treats 202 queued as success', async () => {
    const view = setup();
    await view.ready();
    view.fillValid();
    view.network.answer(json(202, { status: 'queued', id: 'x' }));
    view.submit();
    await waitFor(() => view.$('.success'));
    expect(view.events.find(([name]) => name === 'success')?.[1].status).toBe('queued');
  });
});
