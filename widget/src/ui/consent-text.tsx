import { type ComponentChildren, Fragment, h } from 'preact';

const LINK = /\[([^\]]{1,200})\]\((https:\/\/[^\s()<>"]{1,2000})\)/g;

/**
 * Consent text with one tiny markup: `[label](https://…)` becomes a link opening in a new
 * tab. Everything else is text (Preact escapes it); only https links are recognised.
 */
export function ConsentText({ text }: { text: string }) {
  const parts: ComponentChildren[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const index = match.index ?? 0;
    if (index > last) parts.push(text.slice(last, index));
    parts.push(
      <a href={match[2]} target="_blank" rel="noopener">
        {match[1]}
      </a>,
    );
    last = index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}
