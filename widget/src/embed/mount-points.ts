/** Calls `onFound` once for every `[data-gleantap-form]` element, now and whenever one is added later. */
export function watchMountPoints(doc: Document, onFound: (element: HTMLElement) => void): MutationObserver {
  const seen = new WeakSet<Element>();
  const visit = (node: Node) => {
    if (!(node instanceof Element)) return;
    const found = node.matches('[data-gleantap-form]') ? [node, ...node.querySelectorAll('[data-gleantap-form]')] : node.querySelectorAll('[data-gleantap-form]');
    for (const element of found) {
      if (seen.has(element) || !(element instanceof HTMLElement)) continue;
      seen.add(element);
      onFound(element);
    }
  };
  const observer = new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) visit(node);
  });
  observer.observe(doc.documentElement, { childList: true, subtree: true });
  visit(doc.documentElement);
  return observer;
}
