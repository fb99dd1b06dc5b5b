import { type AppPermission, parsePermission } from '../doctor/permissions';
import { squash } from './text';

/**
 * The App's permission where the portal shows it: the "App permissions (required)" choice
 * of the User authentication settings form ("Read", "Read and write", "Read and write and
 * Direct message"; docs/portal.md, "Seen in dated public screenshots", texts from guides),
 * read when the user presses its Save button. Texts, not classes or ids: those change.
 */

const SAVE_TEXT = /^save(?: changes)?$/i;
const PERMISSIONS_HEADING = /app permissions/i;
/** How far up from the Save button the form's "App permissions" group may be. */
const MAX_DEPTH = 8;

/** What a radio button says: its label's text, or its own. */
function radioText(radio: Element): string {
  const id = radio.getAttribute('id');
  const byFor = id
    ? [...radio.ownerDocument.querySelectorAll('label[for]')].find((l) => l.getAttribute('for') === id)
    : null;
  return squash(radio.getAttribute('aria-label') ?? (radio.closest('label') ?? byFor ?? radio).textContent ?? '');
}

const isChecked = (radio: Element) =>
  radio.getAttribute('role') === 'radio'
    ? radio.getAttribute('aria-checked') === 'true'
    : (radio as Element & { checked?: boolean }).checked === true;

/**
 * The permission chosen in the settings form whose Save button this click landed on, or
 * undefined: not a Save button, no "App permissions" group around it, or nothing chosen.
 */
export function savedPermission(target: Element): AppPermission | undefined {
  const button = target.closest('button, [role="button"], input[type="submit"]');
  if (!button) return undefined;
  const text =
    squash(button.textContent) || squash(button.getAttribute('value')) || squash(button.getAttribute('aria-label'));
  if (!SAVE_TEXT.test(text)) return undefined;
  let form = button.parentElement;
  for (let depth = 0; form && depth < MAX_DEPTH; depth++, form = form.parentElement) {
    if (PERMISSIONS_HEADING.test(form.textContent ?? '')) break;
  }
  if (!form || !PERMISSIONS_HEADING.test(form.textContent ?? '')) return undefined;
  // The form's other choices ("Type of App") name no permission, so they never match.
  for (const radio of form.querySelectorAll('input[type="radio"], [role="radio"]')) {
    if (!isChecked(radio)) continue;
    const permission = parsePermission(radioText(radio));
    if (permission) return permission;
  }
  return undefined;
}
