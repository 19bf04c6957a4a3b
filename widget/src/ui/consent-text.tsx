import { Fragment, h } from 'preact';

const LINK = /\[([^\]]{1,200})\]\((https:\/\/[^\s()<>"]{1,2000})\)/g;

/**
 * Consent text with one tiny markup: `[label](https://…)` becomes a link opening in a new
 * tab. Everything else is text (Preact escapes it); only https links are recognised.
 */
export function ConsentText({ text }: { text: string }) {
  // Split on the link pattern's two groups: text, label, url, text, label, url, …, text.
  const parts = text.split(LINK);
  return (
    <>
      {parts.map((part, index) =>
        index % 3 === 1 ? (
          <a href={parts[index + 1]} target="_blank" rel="noopener">
            {part}
          </a>
        ) : index % 3 ? null : (
          part
        ),
      )}
    </>
  );
}
