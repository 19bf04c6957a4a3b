import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventHub } from '../core/events.ts';
import { waitFor } from '../testing/drive.ts';
import { DEFINITION, fakeNetwork } from '../testing/fake-network.ts';
import { openDialog } from './open-dialog.tsx';

afterEach(() => vi.unstubAllGlobals());

function openFromButton(definition = DEFINITION, title?: string) {
  vi.stubGlobal('fetch', fakeNetwork(definition).fetch);
  document.body.innerHTML = '<button id="opener">Join</button>';
  const opener = document.getElementById('opener') as HTMLButtonElement;
  opener.focus();
  const close = openDialog({ form: 'trial', endpoint: 'https://forms.example.com/', title }, createEventHub());
  const host = document.querySelector('[data-gleantap-dialog]') as HTMLElement;
  const root = host.shadowRoot as ShadowRoot;
  return { opener, close, host, root, dialog: root.querySelector('dialog') as HTMLDialogElement };
}

describe('the popup form', () => {
  const name = (dialog: HTMLDialogElement) =>
    dialog.getRootNode() instanceof ShadowRoot && (dialog.getRootNode() as ShadowRoot).getElementById(dialog.getAttribute('aria-labelledby') ?? '')?.textContent;

  it('opens a modal dialog named by its visible title and moves focus to the first input', async () => {
    const view = openFromButton();
    expect(view.dialog.open).toBe(true);
    expect(name(view.dialog)).toBe('Sign up');
    await waitFor(() => view.root.activeElement === view.root.querySelector('#gc-first_name'));
    expect(view.root.querySelector('h2[part=heading]')?.textContent).toBe('Sign up');
  });

  it('shows the definition’s heading as its title and accessible name', async () => {
    const view = openFromButton({ ...DEFINITION, heading: 'Book a free class' } as typeof DEFINITION, 'Join us');
    expect(name(view.dialog)).toBe('Join us');
    await waitFor(() => name(view.dialog) === 'Book a free class');
    expect(view.root.querySelectorAll('h2')).toHaveLength(1);
  });

  it('falls back to the title the page gave when the definition has no heading', async () => {
    const view = openFromButton(DEFINITION, 'Join us');
    await waitFor(() => view.root.querySelector('form'));
    expect(name(view.dialog)).toBe('Join us');
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
