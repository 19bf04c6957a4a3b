import type { Unmount } from '../core/mount.tsx';

export type MountElement = (element: HTMLElement, form: string, endpoint: string | null, locale: string | null) => Unmount;

/** Defines `<gleantap-form form="…" endpoint="…" locale="…">` once per page. */
export function defineFormElement(registry: CustomElementRegistry, mount: MountElement): void {
  if (registry.get('gleantap-form')) return;
  registry.define(
    'gleantap-form',
    class GleantapFormElement extends HTMLElement {
      private unmount: Unmount | null = null;
      connectedCallback(): void {
        this.unmount ??= mount(this, this.getAttribute('form') || 'default', this.getAttribute('endpoint'), this.getAttribute('locale'));
      }
      disconnectedCallback(): void {
        this.unmount?.();
        this.unmount = null;
      }
    },
  );
}
