import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventHub } from '../core/events.ts';
import { waitFor } from '../testing/drive.ts';
import { DEFINITION, fakeNetwork } from '../testing/fake-network.ts';
import { openDialog } from './open-dialog.tsx';

afterEach(() => vi.unstubAllGlobals());

function openFromButton() {
  vi.stubGlobal('fetch', fakeNetwork(DEFINITION).fetch);
  document.body.innerHTML = '<button id="opener">Join</button>';
  const opener = document.getElementById('opener') as HTMLButtonElement;
  opener.focus();
  const close = openDialog({ form: 'trial', endpoint: 'https://forms.example.com/' }, createEventHub());
  const host = document.querySelector('[data-gleantap-dialog]') as HTMLElement;
  const root = host.shadowRoot as ShadowRoot;
  return { opener, close, host, root, dialog: root.querySelector('dialog') as HTMLDialogElement };
}

describe('the popup form', () => {
  it('opens a labelled modal dialog and moves focus to the first input', async () => {
    const view = openFromButton();
    expect(view.dialog.open).toBe(true);
    expect(view.dialog.getAttribute('aria-label')).toBe('Sign up');
    await waitFor(() => view.root.activeElement === view.root.querySelector('#gc-first_name'));
  });

  it('closes on Escape and gives focus back to the opener', async () => {
    const view = openFromButton();
    await waitFor(() => view.root.querySelector('form'));
    view.dialog.dispatchEvent(new Event('cancel', { cancelable: true }));
    expect(document.querySelector('[data-gleantap-dialog]')).toBeNull();
    expect(document.activeElement).toBe(view.opener);
  });

  it('closes from its close button', async () => {
    const view = openFromButton();
    const close = view.root.querySelector<HTMLButtonElement>('button.close');
    expect(close?.getAttribute('aria-label')).toBe('Close');
    close?.click();
    expect(document.querySelector('[data-gleantap-dialog]')).toBeNull();
    expect(document.activeElement).toBe(view.opener);
  });
});
