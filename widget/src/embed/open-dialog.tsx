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
  /** Shown as the dialog's title and named by `aria-labelledby`. */
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
        aria-labelledby="gc-title"
        onCancel={(event) => {
          event.preventDefault();
          onClose();
        }}
      >
        <button type="button" class="close" part="close" aria-label={closeLabel} onClick={onClose}>
          ×
        </button>
        <h2 id="gc-title" part="heading">
          {label}
        </h2>
        {children}
      </dialog>
    );
  }
}

/**
 * `GleantapCapture.open()`: the form in a modal dialog titled with the definition's heading
 * (until it arrives, or without one, the given title or "Sign up"); focus returns to the
 * opener on close, and `onClosed` hears of it.
 */
export function openDialog(options: OpenOptions, hub: EventHub, onClosed?: () => void): () => void {
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
    onClosed?.();
  };
  const show = (heading?: string) =>
    render(
      <Dialog label={heading || options.title || messages.submit} closeLabel={messages.close} onClose={close}>
        {formFor(host, root, options, hub, (definition) => {
          if (!closed) show((definition as { heading?: string }).heading);
          setTimeout(() => root.querySelector<HTMLElement>('[part=input]')?.focus());
        })}
      </Dialog>,
      root,
    );
  show();
  return close;
}
