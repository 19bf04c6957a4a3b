import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Definition, Field } from '../core/definition.ts';
import { createEventHub } from '../core/events.ts';
import { mountInto } from '../core/mount.tsx';
import { blur, type, waitFor } from '../testing/drive.ts';
import { DEFINITION, fakeNetwork } from '../testing/fake-network.ts';

function setup(definition: Definition) {
  const network = fakeNetwork(definition);
  vi.stubGlobal('fetch', network.fetch);
  const host = document.createElement('div');
  document.body.append(host);
  mountInto(host, { form: 'trial', endpoint: 'https://forms.example.com/' }, createEventHub());
  const root = host.shadowRoot as ShadowRoot;
  const $ = <E extends Element = HTMLInputElement>(selector: string) => root.querySelector<E>(selector) as E;
  return { network, root, $, ready: () => waitFor(() => $('form')) };
}

beforeEach(() => {
  document.body.innerHTML = '';
  history.replaceState(null, '', '/');
});
afterEach(() => vi.unstubAllGlobals());

describe('words around the form', () => {
  it('shows the heading as an h2 that names the form, the intro under it, and per-field help and placeholder', async () => {
    const fields = DEFINITION.fields.map((field) => (field.name === 'email' ? { ...field, help: 'We never share it.', placeholder: 'name@example.com' } : field));
    const view = setup({ ...DEFINITION, heading: 'Book a free class', intro: 'Two minutes, no card needed.', fields });
    await view.ready();
    const heading = view.$('h2');
    expect([heading.id, heading.textContent, heading.getAttribute('part')]).toEqual(['gc-h', 'Book a free class', 'heading']);
    expect(view.$('form').getAttribute('aria-labelledby')).toBe('gc-h');
    expect(view.$('[part=intro]').textContent).toBe('Two minutes, no card needed.');
    const email = view.$('#gc-email');
    expect(email.placeholder).toBe('name@example.com');
    expect(email.getAttribute('aria-describedby')).toBe('gc-email-h');
    expect(view.$('#gc-email-h').textContent).toBe('We never share it.');
    // Help stays linked beside an error, which is read first.
    type(email, 'not-an-email');
    blur(email);
    await waitFor(() => view.$('#gc-email-e'));
    expect(email.getAttribute('aria-describedby')).toBe('gc-email-e gc-email-h');
    expect(view.$('#gc-first_name').getAttribute('aria-describedby')).toBeNull();
  });

  it('shows neither heading nor intro when the form has none, and the form is then not named by one', async () => {
    const view = setup(DEFINITION);
    await view.ready();
    expect(view.root.querySelector('h2, [part=intro], .help')).toBeNull();
    expect(view.$('form').getAttribute('aria-labelledby')).toBeNull();
  });
});

describe('prefill from the page URL', () => {
  it('starts a prefill field from the query parameter of its name (text, select, radio), and only fields that ask for it', async () => {
    history.replaceState(null, '', '/join?email=ada%40example.com&first_name=Mallory&goal=strength&level=regular');
    const level: Field = {
      name: 'level',
      type: 'radio',
      label: 'Level',
      required: false,
      autocomplete: 'off',
      inputmode: 'none',
      maxLength: 256,
      prefill: 'url',
      options: [
        { value: 'new', label: 'New' },
        { value: 'regular', label: 'Regular' },
      ],
    };
    const fields = [...DEFINITION.fields.map((field) => (field.name === 'email' || field.name === 'goal' ? { ...field, prefill: 'url' as const } : field)), level];
    const view = setup({ ...DEFINITION, fields, consent: [] });
    await view.ready();
    expect(view.$('#gc-email').value).toBe('ada@example.com');
    expect(view.$('#gc-first_name').value).toBe('');
    expect(view.$<HTMLSelectElement>('#gc-goal').value).toBe('strength');
    expect(view.root.querySelector<HTMLInputElement>('input[name=level]:checked')?.value).toBe('regular');
    type(view.$('#gc-first_name'), 'Ada');
    type(view.$('#gc-last_name'), 'Lovelace');
    view.$<HTMLButtonElement>('button[type=submit]').click();
    await waitFor(() => view.$('.success'));
    expect(view.network.submissions()[0]?.['fields']).toEqual({ first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', goal: 'strength', level: 'regular' });
  });
});
