// What the detectors read of the page: its texts, normalised the same way everywhere.

/** Zero-width characters and soft hyphens that pages insert to let long tokens wrap. */
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;

/** The text without invisible characters, its white space collapsed and trimmed. */
export const squash = (text: string | null | undefined): string =>
  (text ?? '').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();

/** The element's whole text, squashed. */
export const textOf = (el: Element): string => squash(el.textContent);

/** The element's own text: its direct text nodes only (React splits text into several). */
export function ownText(el: Element): string {
  let text = '';
  for (const node of el.childNodes) if (node.nodeType === 3) text += node.nodeValue ?? '';
  return squash(text);
}

/** The text with a space between elements' texts: "For @gullbot" then "Regenerate" stay apart. */
export const spacedText = (node: Node): string =>
  node.nodeType === 3 ? (node.nodeValue ?? '') : [...node.childNodes].map(spacedText).join(' ');
