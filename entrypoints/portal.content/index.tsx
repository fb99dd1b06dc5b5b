import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { CapturePanel, type PanelState } from '@/components/CapturePanel';
import { type Detection, isRegenerateConfirmation, maskPreview, parsePortalUrl } from '@/utils/portal/detect';
import { PORTAL_MATCHES } from '@/utils/portal/hosts';
import { DIALOG_SELECTOR, KIND_LABELS } from '@/utils/portal/selectors';
import { watchPortal } from '@/utils/portal/watch';
import { send } from '@/utils/protocol/client';
import type { Payload } from '@/utils/protocol/messages';
import './style.css';

const SAVED_MESSAGE = {
  filed: (labels: string) => `Saved to OnceKey: ${labels}.`,
  sealed: () => 'Saved, unlock OnceKey to use them.',
  pending: () => 'Saved for now: create your OnceKey vault in the tab that just opened to keep them.',
} as const;

function captureOf(detection: Detection): Payload<'capture.submit'> {
  const { context } = detection;
  // No time: the background stamps captures with its own clock.
  const capture: Payload<'capture.submit'> = {
    host: context.host as Payload<'capture.submit'>['host'],
    credentials: detection.credentials.map(({ kind, value, handle, permission }) => ({
      kind,
      value,
      ...(handle ? { handle } : {}),
      ...(permission ? { permission } : {}),
    })),
  };
  if (context.projectId) capture.projectId = context.projectId;
  if (context.projectName) capture.projectName = context.projectName.slice(0, 200);
  if (context.appId) capture.appId = context.appId;
  if (context.appName) capture.appName = context.appName.slice(0, 200);
  return capture;
}

/**
 * New values of a pair were shown in a dialog (saved or not): the background resolves a
 * pending regeneration of them. Kinds only, never a value.
 */
function reportSeen({ context, credentials }: Detection) {
  const kinds = [...new Set(credentials.map((c) => c.kind))];
  const host = context.host as Payload<'capture.seen'>['host'];
  void send('capture.seen', { host, ...(context.appId ? { appId: context.appId } : {}), kinds }).catch(() => {});
}

/** The content script only submits (the background refuses it anything else) and hears back status. */
function startCapture(ctx: ContentScriptContext) {
  let ui: ShadowRootContentScriptUi<HTMLElement> | undefined;
  let detection: Detection | null = null;
  let status: PanelState = { state: 'ready' };
  /** Values saved from this page already: the panel says so instead of offering them again. */
  const saved = new Set<string>();
  let generation = 0;

  const draw = () => {
    if (!ui?.mounted || !detection) return;
    const shown = detection;
    render(
      <CapturePanel
        items={shown.credentials.map((c) => ({ label: KIND_LABELS[c.kind], preview: maskPreview(c.value) }))}
        status={status}
        onSave={(event) => void save(event, shown)}
      />,
      ui.mounted,
    );
  };

  const save = async (event: MouseEvent, shown: Detection) => {
    // A page script can click our button; only the user's own click saves.
    if (!event.isTrusted || status.state === 'saving') return;
    status = { state: 'saving' };
    draw();
    try {
      const { saved: where } = await send('capture.submit', captureOf(shown));
      for (const c of shown.credentials) saved.add(c.value);
      status = {
        state: 'saved',
        message: SAVED_MESSAGE[where](shown.credentials.map((c) => KIND_LABELS[c.kind]).join(', ')),
      };
    } catch (error) {
      status = { state: 'error', message: `Not saved: ${error instanceof Error ? error.message : 'unknown error'}` };
    }
    draw();
  };

  const show = async (next: Detection | null) => {
    const mine = ++generation;
    ui?.remove();
    ui = undefined;
    detection = next;
    if (!next) return;
    status = next.credentials.every((c) => saved.has(c.value))
      ? { state: 'saved', message: 'Already saved to OnceKey.' }
      : { state: 'ready' };
    const first = next.credentials[0]?.element;
    const dialog = first?.closest(DIALOG_SELECTOR);
    if (dialog) reportSeen(next);
    const created = await createShadowRootUi(ctx, {
      name: 'oncekey-panel',
      position: 'inline',
      // In a dialog, inside it (its focus trap and outside-click handling include us);
      // on a page, right after the values.
      anchor: dialog ?? next.credentials.at(-1)?.element.parentElement ?? document.body,
      append: dialog ? 'last' : 'after',
      onMount: (container) => container,
      onRemove: (container) => container && render(null, container),
    });
    if (mine !== generation) return; // superseded while the stylesheet loaded
    ui = created;
    ui.mount();
    draw();
  };

  const watcher = watchPortal({ doc: document, url: () => location.href, onChange: (next) => void show(next) });
  ctx.onInvalidated(() => watcher.stop());

  // Confirming a regeneration: record it now; the new values come in the next dialog.
  ctx.addEventListener(
    document,
    'click',
    (event) => {
      if (!event.isTrusted || !(event.target instanceof Element)) return;
      const match = isRegenerateConfirmation(event.target);
      const page = match && parsePortalUrl(location.href);
      if (!match || !page) return;
      void send('capture.regenerated', {
        host: page.host as Payload<'capture.regenerated'>['host'],
        ...(page.appId ? { appId: page.appId } : {}),
        kinds: [...match.kinds],
      }).catch(() => {});
    },
    { capture: true },
  );
}

export default defineContentScript({
  matches: PORTAL_MATCHES,
  runAt: 'document_idle',
  cssInjectionMode: 'ui',
  main: startCapture,
});
