import { Component, type ComponentChildren, createRef, h, render } from 'preact';
import type { EventHub } from '../core/events.ts';
import { pageMessages } from '../core/messages.ts';
import { formFor, type MountOptions } from '../core/mount.tsx';
import { adoptStyles, BASE_CSS } from '../ui/styles.ts';

export interface OpenOptions extends MountOptions {
  /** The dialog's accessible name; defaults to the submit text ("Sign up"). */
  readonly title?: string | undefined;
}

interface DialogProps {
  readonly label: string;
  readonly closeLabel: string;
  readonly onClose: () => void;
  readonly children: ComponentChildren;
}

/**
 * A native modal `<dialog>`: the browser makes the page behind it inert, keeps focus inside,
 * and closes it on Escape; the close button does the same.
 */
class Dialog extends Component<DialogProps> {
  private readonly dialog = createRef<HTMLDialogElement>();

  override componentDidMount(): void {
    this.dialog.current?.showModal();
  }

  override render({ label, closeLabel, onClose, children }: DialogProps) {
    return (
      <dialog
        ref={this.dialog}
        part="dialog"
        aria-label={label}
        onCancel={(event) => {
          event.preventDefault();
          onClose();
        }}
      >
        <button type="button" class="close" part="close" aria-label={closeLabel} onClick={onClose}>
          ×
        </button>
        {children}
      </dialog>
    );
  }
}

/** `GleantapCapture.open()`: the form in a modal dialog; focus returns to the opener on close. */
export function openDialog(options: OpenOptions, hub: EventHub): () => void {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const host = document.createElement('div');
  host.setAttribute('data-gleantap-dialog', options.form);
  document.body.append(host);
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, [BASE_CSS]);
  const messages = pageMessages(options.locale);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    render(null, root);
    host.remove();
    opener?.focus();
  };
  const focusFirstInput = () => root.querySelector<HTMLElement>('[part=input]')?.focus();
  render(
    <Dialog label={options.title ?? messages.submit} closeLabel={messages.close} onClose={close}>
      {formFor(host, root, options, hub, () => setTimeout(focusFirstInput))}
    </Dialog>,
    root,
  );
  return close;
}
