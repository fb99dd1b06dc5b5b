// Regeneration: whether a click confirms regenerating a pair, and which pair. Pure
// functions of the clicked element, like the detection (detect.ts re-exports them).
import { CONFIRM_BUTTON_TEXTS, DIALOG_SELECTOR, type Kind, REGENERATE_GROUPS, type RegenerateGroup } from './selectors';

import { squash, textOf } from './text';

export interface RegenerateMatch {
  group: RegenerateGroup;
  kinds: readonly Kind[];
}

/** The pair whose title occurs first in `text` (a dialog's title leads), or last (a
 * section's text before its button: the nearest title wins). */
function pairIn(text: string, pick: 'first' | 'last'): RegenerateMatch | null {
  let best: { index: number; match: RegenerateMatch } | null = null;
  for (const { group, kinds, titles } of REGENERATE_GROUPS) {
    for (const title of titles) {
      const indexes = [...text.matchAll(new RegExp(title.source, 'gi'))].map((m) => m.index);
      if (!indexes.length) continue;
      const index = pick === 'first' ? Math.min(...indexes) : Math.max(...indexes);
      if (!best || (pick === 'first' ? index < best.index : index > best.index))
        best = { index, match: { group, kinds } };
    }
  }
  return best?.match ?? null;
}

/** The text of `scope` that comes before `node` in document order. */
function textBefore(scope: Element, node: Node): string {
  let text = '';
  const walker = scope.ownerDocument.createTreeWalker(scope, 4 /* NodeFilter.SHOW_TEXT */);
  for (let t = walker.nextNode(); t && (node.compareDocumentPosition(t) & 2) !== 0; t = walker.nextNode()) {
    text += ` ${t.nodeValue ?? ''}`;
  }
  return squash(text);
}

/** If `el` is (inside) a button that generates or regenerates credentials, which pair it
 * replaces. Used to mark the old versions superseded and dependents possibly stale. */
export function isRegenerateConfirmation(el: Element): RegenerateMatch | null {
  const button = el.closest('button, [role="button"], input[type="submit"], input[type="button"]');
  if (!button) return null;
  const text = squash(
    button.textContent || (button as HTMLInputElement).value || button.getAttribute('aria-label') || '',
  );
  const dialog = button.closest(DIALOG_SELECTOR);
  const { always, inDialog, outsideDialog } = CONFIRM_BUTTON_TEXTS;
  if (![...always, ...(dialog ? inDialog : outsideDialog)].some((p) => p.test(text))) return null;

  if (dialog) {
    const title = dialog.querySelector('h1, h2, h3, [id$="title" i]');
    for (const scope of [title ? textOf(title) : '', dialog.getAttribute('aria-label') ?? '', textOf(dialog)]) {
      const match = pairIn(scope, 'first');
      if (match) return match;
    }
    return null;
  }
  let ancestor = button.parentElement;
  for (let depth = 0; ancestor && depth < 5; depth++, ancestor = ancestor.parentElement) {
    const match = pairIn(textBefore(ancestor, button), 'last');
    if (match) return match;
  }
  return null;
}
