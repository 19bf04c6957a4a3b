import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Definition, Field } from '../core/definition.ts';
import { createEventHub } from '../core/events.ts';
import { mountInto } from '../core/mount.tsx';
import { type, waitFor } from '../testing/drive.ts';
import { DEFINITION, fakeNetwork } from '../testing/fake-network.ts';

const base = { autocomplete: 'off', inputmode: 'none', maxLength: 256 } as const;
const STUDIOS = [
  { value: 'north', label: 'North Loop studio' },
  { value: 'south', label: 'South Side studio' },
];
const FIELDS: Field[] = [
  { ...base, name: 'waiver', type: 'checkbox', label: 'I accept the waiver', required: true },
  {
    ...base,
    name: 'level',
    type: 'radio',
    label: 'Your level',
    required: true,
    options: [
      { value: 'new', label: 'New to it' },
      { value: 'regular', label: 'Regular' },
    ],
  },
  {
    ...base,
    name: 'classes',
    type: 'multiselect',
    label: 'Classes you like',
    required: false,
    options: [
      { value: 'yoga', label: 'Yoga' },
      { value: 'spin', label: 'Spin' },
      { value: 'hiit', label: 'HIIT' },
    ],
  },
  { ...base, name: 'age', type: 'number', label: 'Age', required: false, inputmode: 'numeric', min: 16, max: 99, step: 1 },
  { ...base, name: 'studio', type: 'location', label: 'Which studio?', required: true, options: STUDIOS },
];
const FORM: Definition = { ...DEFINITION, fields: [...DEFINITION.fields.slice(0, 3), ...FIELDS], consent: [] };

function setup(definition: Definition = FORM) {
  const network = fakeNetwork(definition);
  vi.stubGlobal('fetch', network.fetch);
  const host = document.createElement('div');
  document.body.append(host);
  mountInto(host, { form: 'trial', endpoint: 'https://forms.example.com/' }, createEventHub());
  const root = host.shadowRoot as ShadowRoot;
  const $ = <E extends Element = HTMLInputElement>(selector: string) => root.querySelector<E>(selector) as E;
  const $$ = (selector: string) => [...root.querySelectorAll<HTMLInputElement>(selector)];
  return {
    network,
    root,
    $,
    $$,
    ready: () => waitFor(() => $('form')),
    submit: () => $<HTMLButtonElement>('button[type=submit]').click(),
    status: () => $('[role=status]')?.textContent ?? '',
    fillNames: () => {
      type($('#gc-first_name'), 'Ada');
      type($('#gc-last_name'), 'Lovelace');
      type($('#gc-email'), 'ada@example.com');
    },
  };
}

beforeEach(() => {
  document.body.innerHTML = '';
  document.documentElement.lang = 'en';
});
afterEach(() => vi.unstubAllGlobals());

describe('the field types', () => {
  it('renders a checkbox with its own label, a radio group and a multiselect as fieldsets named by their legend, a number input and a studio picker', async () => {
    const view = setup();
    await view.ready();
    const waiver = view.$('#gc-waiver');
    expect(waiver.type).toBe('checkbox');
    expect(view.$('label[for=gc-waiver]').textContent).toBe('I accept the waiver (required)');
    expect(waiver.getAttribute('aria-required')).toBe('true');

    const level = view.$$('input[name=level]');
    expect(level.map((input) => [input.type, input.value, input.closest('label')?.textContent])).toEqual([
      ['radio', 'new', 'New to it'],
      ['radio', 'regular', 'Regular'],
    ]);
    expect(level[0]?.closest('fieldset')?.querySelector('legend')?.textContent).toBe('Your level (required)');
    // One id per page element: the group's inputs are labelled by wrapping, not by a repeated id.
    expect(level.every((input) => !input.id)).toBe(true);

    const classes = view.$$('input[name=classes]');
    expect(classes.map((input) => input.type)).toEqual(['checkbox', 'checkbox', 'checkbox']);
    expect(classes[0]?.closest('fieldset')?.querySelector('legend')?.textContent).toBe('Classes you like');

    const age = view.$('#gc-age');
    expect([age.type, age.min, age.max, age.step, age.getAttribute('inputmode')]).toEqual(['number', '16', '99', '1', 'numeric']);

    const studio = view.$<HTMLSelectElement>('#gc-studio');
    expect(studio.localName).toBe('select');
    expect([...studio.options].map((option) => [option.value, option.textContent])).toEqual([
      ['', '—'],
      ['north', 'North Loop studio'],
      ['south', 'South Side studio'],
    ]);
    expect(view.$('label[for=gc-studio]').textContent).toBe('Which studio? (required)');
  });

  it('sends each answer in its JSON type: a boolean, one option, an array of options, a number, a studio', async () => {
    const view = setup();
    await view.ready();
    view.fillNames();
    view.$('#gc-waiver').click();
    view.$$('input[name=level]')[1]?.click();
    for (const input of view.$$('input[name=classes]').filter((box) => box.value !== 'spin')) input.click();
    type(view.$('#gc-age'), '34');
    type(view.$('#gc-studio'), 'south');
    view.submit();
    await waitFor(() => view.$('.success'));
    expect(view.network.submissions()[0]?.['fields']).toEqual({
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@example.com',
      waiver: true,
      level: 'regular',
      classes: ['yoga', 'hiit'],
      age: 34,
      studio: 'south',
    });
  });

  it('sends an unticked optional checkbox as false, and leaves out a group with nothing ticked', async () => {
    const view = setup({ ...FORM, fields: [...DEFINITION.fields.slice(0, 3), { ...(FIELDS[0] as Field), required: false }, FIELDS[2] as Field] });
    await view.ready();
    view.fillNames();
    view.submit();
    await waitFor(() => view.$('.success'));
    expect(view.network.submissions()[0]?.['fields']).toEqual({ first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', waiver: false });
  });

  it('on submit: marks every unanswered required choice, links its message from each input, and focuses the first', async () => {
    const view = setup();
    await view.ready();
    view.fillNames();
    type(view.$('#gc-age'), '12');
    view.submit();
    await waitFor(() => view.status().includes('4 problems'));
    expect(view.$('#gc-waiver').getAttribute('aria-describedby')).toBe('gc-waiver-e');
    expect(view.$('#gc-waiver-e').textContent).toBe('Please fill in this field.');
    for (const input of view.$$('input[name=level]')) {
      expect(input.getAttribute('aria-invalid')).toBe('true');
      expect(input.getAttribute('aria-describedby')).toBe('gc-level-e');
    }
    expect(view.$('#gc-age').getAttribute('aria-invalid')).toBe('true');
    expect(view.$('#gc-studio-e').textContent).toBe('Please fill in this field.');
    expect(view.root.activeElement).toBe(view.$('#gc-waiver'));
    expect(view.network.submissions()).toHaveLength(0);
  });

  it('judges a number against min, max and step, and refuses a studio that is not on the list', async () => {
    const view = setup();
    await view.ready();
    view.fillNames();
    view.$('#gc-waiver').click();
    view.$$('input[name=level]')[0]?.click();
    type(view.$('#gc-studio'), 'north');
    for (const [typed, invalid] of [
      ['100', true],
      ['30.5', true],
      ['99', false],
    ] as const) {
      type(view.$('#gc-age'), typed);
      view.submit();
      if (invalid) {
        // A range or step problem, said as one: not the text rules' "characters" message.
        await waitFor(() => view.$('#gc-age-e'));
        expect(view.$('#gc-age-e').textContent).toBe(DEFINITION.messages.invalid_number);
      } else await waitFor(() => view.$('.success'));
    }
    expect(view.network.submissions()[0]?.['fields']).toMatchObject({ age: 99, studio: 'north' });
  });
});
