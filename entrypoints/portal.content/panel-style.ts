/**
 * The panel's stylesheet, inside its shadow root: the portal's CSS cannot reach the panel,
 * and this cannot leak out. A string in the script rather than a CSS file, so the manifest
 * lists no web-accessible resource that a page could load to learn that OnceKey is there.
 *
 * `:host` rules marked !important win over the page's rules for the host, even its inline
 * style (CSS Cascade 4: for important declarations the shadow tree's context wins). `all:
 * initial` so marked resets every property of the host but `direction`, `unicode-bidi` and
 * custom properties (opacity, filter, transform, clip-path, position, pointer-events…), so a
 * page cannot fade, filter, move or clip the host itself; what holds it (its ancestors, where
 * it is in the page) the page can change, which is what the visibility checks are for
 * (./visibility.ts). The root is closed (./panel.ts): in Chromium nothing in the page reaches
 * inside; Firefox hands page scripts nodes in closed roots (docs/security.md).
 */
export const PANEL_CSS = `
:host {
  all: initial !important;
  display: block !important;
  visibility: inherit !important;
  color-scheme: light dark !important;
  direction: ltr !important;
}
/* The host's own ::before and ::after are the page's to style otherwise: one stretched over the
   page would take the user's clicks as presses on the panel. */
:host::before, :host::after { content: none !important; }
.panel {
  all: initial;
  display: block;
  box-sizing: border-box;
  margin: 12px 0;
  padding: 12px 14px;
  max-width: 420px;
  border: 1px solid #1d9bf0;
  border-radius: 12px;
  background: #f7fbff;
  color: #0f1419;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif;
}
p { margin: 0 0 6px; }
.title { font-weight: 600; }
.logo { color: #1d9bf0; margin-right: 6px; }
ul { margin: 0 0 10px; padding: 0 0 0 18px; }
li { margin: 2px 0; }
code { font: 12px ui-monospace, "SF Mono", Menlo, monospace; opacity: 0.8; }
.replaces { display: block; font-size: 12px; opacity: 0.8; }
button {
  font: inherit;
  font-weight: 600;
  cursor: pointer;
  padding: 7px 14px;
  border-radius: 999px;
  border: 0;
  /* As in the popup: white on X's #1d9bf0 is 3.0:1; this blue gives it 5.0:1 (AA needs 4.5). */
  background: #0c70c8;
  color: #fff;
}
/* Paler, not translucent: IntersectionObserver v2 counts a translucent button as not visible. */
button:disabled, button[aria-disabled="true"] { background: #8ecdf7; cursor: default; }
button:focus-visible, .name input:focus-visible { outline: 2px solid #0f1419; outline-offset: 2px; }
[hidden], .filing:empty, .replaces:empty { display: none !important; }
/* The live regions stay in the accessibility tree while empty, so what they say is announced. */
.status, .error { margin: 8px 0 0; }
.status:empty, .error:empty { margin: 0; }
.error { color: #c4161c; }
.name { display: block; margin: 6px 0; font-size: 13px; }
.name input { display: block; width: 100%; box-sizing: border-box; margin-top: 2px; padding: 4px 6px;
  font: inherit; color: #0f1419; background: #fff; border: 1px solid #536471; border-radius: 4px; }
@media (prefers-color-scheme: dark) {
  .panel { background: #0f1a24; color: #e7e9ea; }
  /* Dark text on X's blue: 6.2:1. */
  button { background: #1d9bf0; color: #0f1419; }
  button:disabled, button[aria-disabled="true"] { background: #35566f; color: #c8d0d6; }
  button:focus-visible, .name input:focus-visible { outline-color: #e7e9ea; }
  .name input { color: #e7e9ea; background: #15202b; border-color: #8b98a5; }
  .error { color: #ff6b6b; }
}
`;
