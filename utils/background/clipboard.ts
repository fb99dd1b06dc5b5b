/**
 * Clearing a copied secret from the clipboard after a delay, only if the clipboard still
 * holds it: a value the user copied since then is theirs and is left alone. The background
 * keeps a SHA-256 of what was copied, never the value.
 */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export interface ClipboardAccess {
  read(): Promise<string>;
  clear(): Promise<void>;
}

/** Clears the clipboard if it still holds the value whose hash is given. */
export async function clearIfStill(clipboard: ClipboardAccess, expectedHash: string): Promise<boolean> {
  const current = await clipboard.read();
  if (!current || (await sha256Hex(current)) !== expectedHash) return false;
  await clipboard.clear();
  return true;
}

/**
 * The clipboard through a document's editing commands: what an offscreen document (Chrome)
 * or a background page (Firefox) can use without focus, given the clipboardRead and
 * clipboardWrite permissions.
 */
export function documentClipboard(doc: Document): ClipboardAccess {
  return {
    async read() {
      const area = doc.createElement('textarea');
      doc.body.append(area);
      area.focus();
      // A refused paste must not pass for an empty clipboard: the clear would be skipped silently.
      const pasted = doc.execCommand('paste');
      const text = area.value;
      area.remove();
      if (!pasted) throw new Error('The clipboard could not be read.');
      return text;
    },
    async clear() {
      const onCopy = (event: ClipboardEvent) => {
        event.clipboardData?.setData('text/plain', '');
        event.preventDefault();
      };
      doc.addEventListener('copy', onCopy);
      try {
        if (!doc.execCommand('copy')) throw new Error('The clipboard could not be cleared.');
      } finally {
        doc.removeEventListener('copy', onCopy);
      }
    },
  };
}

/** `clearIfStill` through a document's clipboard: Chrome's offscreen document, Firefox's background page. */
export function clearDocumentClipboard(doc: Document): (hash: string) => Promise<boolean> {
  return (hash) => clearIfStill(documentClipboard(doc), hash);
}
