import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Definition } from '../core/definition.ts';
import { createEventHub } from '../core/events.ts';
import { waitFor } from '../testing/drive.ts';
import { DEFINITION, DEFINITION_ES, fakeNetwork, json } from '../testing/fake-network.ts';
import { openDialog } from './open-dialog.tsx';

afterEach(() => vi.unstubAllGlobals());

function openFromButton(definition: Definition = DEFINITION, onClosed?: () => void) {
  vi.stubGlobal('fetch', fakeNetwork(definition).fetch);
  document.body.innerHTML = '<button id="opener">Join</button>';
  const opener = document.getElementById('opener') as HTMLButtonElement;
  opener.focus();
  const close = openDialog({ form: 'trial', endpoint: 'https://forms.example.com/' }, createEventHub(), onClosed);
  const host = document.querySelector('[data-gleantap-dialog]') as HTMLElement;
  const root = host.shadowRoot as ShadowRoot;
  return { opener, close, host, root, dialog: root.querySelector('dialog') as HTMLDialogElement };
}

describe('the popup form', () => {
  it('opens once the form is ready, named by the form’s words, and moves focus to the first input', async () => {
    const view = openFromButton();
    // Nothing to show (and no text in the visitor's language) until the definition arrives.
    expect(view.dialog.open).toBe(false);
    await waitFor(() => view.dialog.open);
    expect(view.dialog.getAttribute('aria-label')).toBe('Start my trial');
    expect(view.dialog.getAttribute('aria-labelledby')).toBeNull();
    await waitFor(() => view.root.activeElement === view.root.querySelector('#gc-first_name'));
  });

  it('is named by the form’s heading when it has one, shown inside it', async () => {
    const view = openFromButton({ ...DEFINITION, heading: 'Book a free class' });
    await waitFor(() => view.dialog.open);
    const heading = view.root.getElementById('gc-h');
    expect(heading?.localName).toBe('h2');
    expect(heading?.textContent).toBe('Book a free class');
    expect(view.dialog.getAttribute('aria-labelledby')).toBe('gc-h');
    // The heading is the form's own: the dialog adds no second title.
    expect(view.root.querySelectorAll('h2')).toHaveLength(1);
  });

  it('speaks the visitor’s language from the first frame: the close button’s name comes from the definition', async () => {
    const view = openFromButton(DEFINITION_ES);
    await waitFor(() => view.dialog.open);
    expect(view.root.querySelector('button.close')?.getAttribute('aria-label')).toBe('Cerrar');
    expect(view.dialog.getAttribute('aria-label')).toBe('Empezar');
  });

  it('never opens when the form cannot be loaded, and fires error', async () => {
    vi.stubGlobal('fetch', async () => json(404, { error: { code: 'form_not_found', message: 'x' } }));
    document.body.innerHTML = '';
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const codes: string[] = [];
    const hub = createEventHub();
    hub.on('error', (detail) => codes.push(String(detail.error_code)));
    openDialog({ form: 'typo', endpoint: 'https://forms.example.com/' }, hub);
    await waitFor(() => codes.length > 0);
    const dialog = document.querySelector('[data-gleantap-dialog]')?.shadowRoot?.querySelector('dialog');
    expect(dialog?.open).toBe(false);
    expect(codes).toEqual(['form_not_found']);
    warn.mockRestore();
  });

  it('closes on Escape and gives focus back to the opener', async () => {
    const view = openFromButton();
    await waitFor(() => view.root.querySelector('form'));
    view.dialog.dispatchEvent(new Event('cancel', { cancelable: true }));
    expect(document.querySelector('[data-gleantap-dialog]')).toBeNull();
    expect(document.activeElement).toBe(view.opener);
  });

  it('closes from its close button, and tells the caller once', async () => {
    let closings = 0;
    const view = openFromButton(DEFINITION, () => closings++);
    const close = await waitFor(() => view.root.querySelector<HTMLButtonElement>('button.close'));
    expect(close?.getAttribute('aria-label')).toBe('Close');
    close?.click();
    expect(document.querySelector('[data-gleantap-dialog]')).toBeNull();
    expect(document.activeElement).toBe(view.opener);
    view.close();
    expect(closings).toBe(1);
  });
});
