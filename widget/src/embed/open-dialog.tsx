import { Component, createRef, h, render } from 'preact';
import type { Definition } from '../core/definition.ts';
import type { EventHub } from '../core/events.ts';
import { formFor, type MountOptions } from '../core/mount.tsx';

export interface OpenOptions extends MountOptions {
  /** The dialog's accessible name when the form has no heading; defaults to the form's submit label. */
  readonly title?: string | undefined;
}

interface DialogProps {
  readonly options: OpenOptions;
  readonly hub: EventHub;
  readonly host: Element;
  readonly root: ShadowRoot;
  readonly onClose: () => void;
}

/**
 * A native modal `<dialog>`: the browser makes the page behind it inert, keeps focus inside,
 * and closes it on Escape; the close button does the same. It opens once the form is ready,
 * so every text (its name, the close button) comes from the definition, in the visitor's locale.
 */
class Dialog extends Component<DialogProps, { definition?: Definition }> {
  private readonly dialog = createRef<HTMLDialogElement>();

  override render({ options, hub, host, root, onClose }: DialogProps, { definition }: { definition?: Definition }) {
    const ready = (shown: Definition) =>
      this.setState({ definition: shown }, () => {
        this.dialog.current?.showModal();
        root.querySelector<HTMLElement>('[part=input]')?.focus();
      });
    return (
      <dialog
        ref={this.dialog}
        part="dialog"
        // The heading, when the form has one, is the dialog's name; else the title or the button's words.
        aria-labelledby={definition?.heading ? 'gc-h' : undefined}
        aria-label={options.title ?? definition?.submitLabel}
        onCancel={(event) => {
          event.preventDefault();
          onClose();
        }}
      >
        {definition && (
          <button type="button" class="close" part="close" aria-label={definition.messages.close} onClick={onClose}>
            ×
          </button>
        )}
        {formFor(host, root, options, hub, ready)}
      </dialog>
    );
  }
}

/**
 * `GleantapCapture.open()`: the form in a modal dialog; focus returns to the opener on close,
 * and `onClosed` hears of it (a trigger may then open it again).
 */
export function openDialog(options: OpenOptions, hub: EventHub, onClosed?: () => void): () => void {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const host = document.createElement('div');
  host.setAttribute('data-gleantap-dialog', options.form);
  document.body.append(host);
  const root = host.attachShadow({ mode: 'open' });
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    render(null, root);
    host.remove();
    opener?.focus();
    onClosed?.();
  };
  render(<Dialog options={options} hub={hub} host={host} root={root} onClose={close} />, root);
  return close;
}
