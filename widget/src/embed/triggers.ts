/**
 * When a popup opens by itself: `click:<selector>`, `delay:<seconds>`, `scroll:<percent>` or
 * `exit-intent`. Calls `fire` when the trigger happens and returns what stops watching, or
 * `undefined` for a spec it cannot read. The automatic triggers fire at most once per page
 * view; the state is this closure's, never a cookie or storage. A click is the visitor asking,
 * so every click opens (the caller never stacks two popups).
 */
export function watchTrigger(spec: string, fire: () => void): (() => void) | undefined {
  const [kind, arg] = spec.split(/:(.*)/) as [string, string?];
  const doc = document;
  const amount = Number(arg);
  let stop = () => {};
  const once = () => {
    stop();
    fire();
  };
  const listen = (target: EventTarget, name: string, listener: (event: MouseEvent) => void) => {
    target.addEventListener(name, listener as EventListener);
    stop = () => target.removeEventListener(name, listener as EventListener);
  };
  if (kind === 'click' && arg?.trim()) {
    doc.querySelector(arg); // throws on a malformed selector, before anything is watched
    listen(doc, kind, (event) => {
      if ((event.target as Element).closest?.(arg)) {
        // The opener is often `<a href="#book">`: open the popup instead of jumping.
        event.preventDefault();
        fire();
      }
    });
  } else if (kind === 'delay' && arg && amount >= 0) {
    const timer = setTimeout(once, amount * 1000);
    stop = () => clearTimeout(timer);
  } else if (kind === 'scroll' && arg && amount >= 0 && amount <= 100) {
    listen(window, kind, () => {
      if ((scrollY + innerHeight) * 100 >= amount * doc.documentElement.scrollHeight) once();
    });
  } else if (spec === 'exit-intent') {
    // Leaving through the top edge means heading for the tab bar or the address bar; a touch
    // screen has no such gesture, and its synthetic mouse events would open at random.
    if (matchMedia('(pointer: fine)').matches) {
      listen(doc, 'mouseout', (event) => {
        if (!event.relatedTarget && event.clientY <= 0) once();
      });
    }
  } else return;
  return () => stop();
}
