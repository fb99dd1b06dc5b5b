// The in-page panel beside the values the portal shows once, in plain DOM: a shadow root
// and a few elements, no UI framework, so the content script stays small. It shows what
// it is given (masked previews, never a value) and reports clicks on its button; whether a
// click counts is decided by ./guard.ts.
import { PANEL_CSS } from './panel-style';

export interface PanelItem {
  label: string;
  /** The masked preview: "Gh5J…0Wx2". */
  preview: string;
  /** "replaces the API Key saved 2026-11-02", or empty. */
  replaces: string;
}

export type PanelStatus =
  | { state: 'ready' }
  | { state: 'saving' }
  | { state: 'saved'; message: string }
  | { state: 'error'; message: string };

export interface PanelView {
  /** "Files under “my-bot” (App 28000001)". */
  filing: string;
  items: PanelItem[];
  status: PanelStatus;
  /** Why the last press was ignored ("OnceKey's button was covered…"), or empty. */
  notice: string;
  /** The button cannot be pressed just now (it has just appeared, moved, or is covered). */
  unavailable: boolean;
  /** The page names no App: the panel asks for its name, prefilled with this guess. */
  askName?: string;
}

export interface Panel {
  /** The element in the page: `<div data-oncekey="panel">`, whose closed shadow root holds the panel. */
  host: HTMLElement;
  button: HTMLButtonElement;
  render(view: PanelView): void;
  /** The App name typed in the panel, when it asks for one. */
  appName(): string | undefined;
}

const credentials = (n: number) => `${n} credential${n === 1 ? '' : 's'}`;

/** Changes text only when it differs: replacing the text node under a still pointer makes the
 * browser send fresh pointerover events, which the guard would take for the button moving. */
function setText(node: Node, text: string) {
  if (node.textContent !== text) node.textContent = text;
}

function element<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  className = '',
  text = '',
): HTMLElementTagNameMap[K] {
  const el = doc.createElement(tag);
  if (className) el.className = className;
  if (text) el.textContent = text;
  return el;
}

/**
 * Builds the panel, not yet in the page. The shadow root is closed: the page's scripts share
 * the DOM with the panel, and with an open root they could restyle the button (stretch it,
 * see-through, over the page to take a click meant for the portal, then put it back on the
 * press). Closed, nothing in a Chromium page can reach it: `host.shadowRoot` is null there, and
 * the panel's `:host` rules keep the host itself as drawn. Firefox hands page scripts nodes
 * inside closed roots (event.originalTarget, the selection): there it is a known gap
 * (docs/security.md). Assistive technology reads closed roots as any other; the end-to-end
 * tests run a copy of the build with this one word changed to 'open'
 * (scripts/open-panel-copy.mjs), so that their locators reach the panel by role and name.
 * `delegatesFocus` and the host's tabindex make the button reachable with Tab inside dialogs
 * whose focus trap lists only light-DOM tabbables.
 */
export function createPanel(doc: Document, onClick: (event: MouseEvent) => void): Panel {
  // A <div>, not an element of OnceKey's own name: a page could define that name as a custom
  // element of its own before the panel is made, and be handed even a closed root through
  // ElementInternals. A <div> cannot be one.
  const host = doc.createElement('div');
  host.dataset.oncekey = 'panel';
  const root = host.attachShadow({ mode: 'closed', delegatesFocus: true });
  const style = element(doc, 'style', '', PANEL_CSS);
  const section = element(doc, 'section', 'panel');
  section.setAttribute('aria-label', 'OnceKey');
  const title = element(doc, 'p', 'title');
  const logo = element(doc, 'span', 'logo', '⚷');
  logo.setAttribute('aria-hidden', 'true');
  const titleText = doc.createTextNode('');
  title.append(logo, titleText);
  const filing = element(doc, 'p', 'filing');
  const list = element(doc, 'ul');
  const button = element(doc, 'button');
  button.type = 'button';
  button.addEventListener('click', onClick);
  const status = element(doc, 'p', 'status');
  status.setAttribute('role', 'status');
  const error = element(doc, 'p', 'error');
  error.setAttribute('role', 'alert');
  // Asked only when the page names no App; the user's typing is never overwritten.
  const nameLabel = element(doc, 'label', 'name', 'App name ');
  const nameInput = element(doc, 'input');
  nameInput.type = 'text';
  nameInput.maxLength = 200;
  nameInput.autocomplete = 'off';
  nameLabel.append(nameInput);
  nameLabel.hidden = true;
  section.append(title, filing, nameLabel, list, button, status, error);
  root.append(style, section);

  let shownItems = '';
  let refocus = false;
  const render = (view: PanelView) => {
    const n = credentials(view.items.length);
    setText(titleText, `OnceKey found ${n} shown once`);
    setText(filing, view.filing);
    const items = JSON.stringify(view.items);
    if (items !== shownItems) {
      shownItems = items;
      list.replaceChildren(
        ...view.items.map((item) => {
          const li = element(doc, 'li');
          li.append(
            element(doc, 'span', '', item.label),
            ' ',
            element(doc, 'code', '', item.preview),
            element(doc, 'span', 'replaces', item.replaces),
          );
          return li;
        }),
      );
    }
    if (view.askName !== undefined && nameLabel.hidden) {
      nameLabel.hidden = false;
      nameInput.value = view.askName;
    }
    const { status: state } = view;
    const saved = state.state === 'saved';
    // Pressed from the keyboard: when the button is disabled, then gone, the focus moves to
    // what the panel says, not out of the dialog to the page.
    if (state.state === 'saving' && root.activeElement === button) refocus = true;
    button.hidden = saved;
    button.disabled = state.state === 'saving';
    setText(button, `Save to OnceKey (${n})`);
    if (view.unavailable) button.setAttribute('aria-disabled', 'true');
    else button.removeAttribute('aria-disabled');
    // Only a panel with a button is a stop in the page's tab order.
    if (saved) host.removeAttribute('tabindex');
    else host.tabIndex = 0;
    setText(status, saved ? state.message : view.notice);
    setText(error, state.state === 'error' ? state.message : '');
    const said = saved ? status : state.state === 'error' ? error : undefined;
    // Unless the user (or the dialog) has put the focus somewhere else meanwhile.
    const active = doc.activeElement;
    if (said && refocus && (!active || active === doc.body || active === host)) {
      said.tabIndex = -1;
      said.focus({ preventScroll: true });
    }
    if (said) refocus = false;
  };
  return { host, button, render, appName: () => (nameLabel.hidden ? undefined : nameInput.value.trim()) };
}
