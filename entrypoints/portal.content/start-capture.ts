// The content script's work: follow the page, put a panel beside values shown once, save
// them on the user's own press, and report a confirmed regeneration. It only submits (the
// background refuses it anything else) and hears back how the capture was stored.
import { type Detection, isRegenerateConfirmation, maskPreview, parsePortalUrl } from '@/utils/portal/detect';
import { DIALOG_SELECTOR, KIND_LABELS } from '@/utils/portal/selectors';
import { savedPermission } from '@/utils/portal/settings-form';
import { watchPortal } from '@/utils/portal/watch';
import { captureOf, type FilingPreview, filesUnder, filingOf, replacesText, SAVED_MESSAGE } from './capture';
import type { PortalChannel } from './channel';
import { type Guard, type GuardWindow, guardPanel } from './guard';
import { createPanel, type Panel, type PanelStatus } from './panel';

export interface CaptureOptions {
  doc: Document;
  win: GuardWindow;
  url: () => string;
  channel: PortalChannel;
  /** Registers the function that stops everything (the content script's invalidation). */
  onStop: (stop: () => void) => void;
  now?: () => number;
}

/** The panel on display, with what it offers and where it stands. */
interface Shown {
  detection: Detection;
  panel: Panel;
  guard: Guard;
  status: PanelStatus;
  /** Why the last press was ignored. */
  notice: string;
  /** The background's answer to what saving would do, once it has come. */
  preview?: FilingPreview;
}

/** In a dialog, inside it (its focus trap and outside-click handling include us); on a
 * page, right after the values. */
function place(host: HTMLElement, detection: Detection, doc: Document) {
  const last = detection.credentials.at(-1)?.element;
  const dialog = detection.credentials[0]?.element.closest(DIALOG_SELECTOR);
  if (dialog) dialog.append(host);
  else if (last?.parentElement) last.parentElement.after(host);
  else doc.body.append(host);
}

export function startCapture({ doc, win, url, channel, onStop, now }: CaptureOptions) {
  /** Values saved from this page already: the panel says so instead of offering them again. */
  const saved = new Set<string>();
  /**
   * Each save under way, and each that failed, by the values it saves: a panel the page puts
   * up again for the same values (a re-render, the dialog shown anew) waits for that save and
   * says how it went, rather than offer them as if nothing had been pressed.
   */
  const saves = new Map<string, Promise<PanelStatus>>();
  const valuesOf = (detection: Detection) => detection.credentials.map((c) => c.value).join('\n');
  let shown: Shown | undefined;

  const draw = (entry: Shown) => {
    if (entry !== shown) return;
    const { detection, preview } = entry;
    entry.panel.render({
      filing: filesUnder(detection, preview),
      items: detection.credentials.map((c) => ({
        label: KIND_LABELS[c.kind],
        preview: maskPreview(c.value),
        replaces: replacesText(c.kind, preview),
      })),
      status: entry.status,
      notice: entry.notice,
      unavailable: !entry.guard.available(),
      // No App id on the page: the user names the App (the page's guess prefilled), no "Unnamed App".
      ...(detection.context.appId ? {} : { askName: detection.context.appName ?? '' }),
    });
  };

  const save = async (entry: Shown, event: MouseEvent) => {
    // Judged first and synchronously: the guard reads the event and what led up to it.
    const verdict = entry.guard.judge(event);
    if (entry.status.state === 'saving' || entry.status.state === 'saved') return;
    if (!verdict.ok) {
      entry.notice = verdict.notice;
      draw(entry);
      return;
    }
    const { credentials } = entry.detection;
    const appName = entry.panel.appName();
    if (appName === '') {
      entry.notice = 'Name the App these values belong to, then save.';
      draw(entry);
      return;
    }
    entry.notice = '';
    entry.status = { state: 'saving' };
    draw(entry);
    const key = valuesOf(entry.detection);
    const outcome = (async (): Promise<PanelStatus> => {
      try {
        const capture = captureOf(entry.detection);
        if (appName) capture.appName = appName;
        const { saved: where } = await channel.submit(capture);
        for (const c of credentials) saved.add(c.value);
        saves.delete(key);
        return {
          state: 'saved',
          message: SAVED_MESSAGE[where](credentials.map((c) => KIND_LABELS[c.kind]).join(', ')),
        };
      } catch (error) {
        return { state: 'error', message: `Not saved: ${error instanceof Error ? error.message : 'unknown error'}` };
      }
    })();
    saves.set(key, outcome);
    entry.status = await outcome;
    draw(entry);
  };

  const hide = () => {
    shown?.guard.stop();
    shown?.panel.host.remove();
    shown = undefined;
  };

  /** Runs inside the watcher's MutationObserver callback: the panel goes in before the paint. */
  const show = (next: Detection | null) => {
    hide();
    if (!next) return;
    let entry: Shown | undefined;
    const panel = createPanel(doc, (event) => entry && void save(entry, event));
    place(panel.host, next, doc);
    const guard = guardPanel({
      host: panel.host,
      button: panel.button,
      win,
      now,
      onChange: () => entry && draw(entry),
    });
    const pending = saves.get(valuesOf(next));
    entry = {
      detection: next,
      panel,
      guard,
      status: next.credentials.every((c) => saved.has(c.value))
        ? { state: 'saved', message: 'Already saved to OnceKey.' }
        : pending
          ? { state: 'saving' }
          : { state: 'ready' },
      notice: '',
    };
    shown = entry;
    draw(entry);
    pending?.then((status) => {
      if (entry?.status.state !== 'saving') return;
      entry.status = status;
      draw(entry);
    });
    const filing = filingOf(next);
    // Never waited for: the panel is up already, and the answer fills it in.
    channel.preview(filing).then(
      (preview) => {
        if (!entry) return;
        entry.preview = preview;
        draw(entry);
      },
      () => {},
    );
    // New values of a pair in a dialog (saved or not) settle a pending regeneration of them;
    // values a page keeps on display (the Client ID) are not news.
    if (next.credentials.some((c) => c.element.closest(DIALOG_SELECTOR))) channel.seen(filing).catch(() => {});
  };

  /** Saving the App's settings form: its "App permissions" choice is the App's permission now. */
  const reportPermission = (target: Element) => {
    const permission = savedPermission(target);
    const page = permission && parsePortalUrl(url());
    if (!permission || !page?.appId) return;
    const host = page.host as Parameters<PortalChannel['permission']>[0]['host'];
    void channel.permission({ host, appId: page.appId, permission }).catch(() => {});
  };

  const listening = new AbortController();
  // Confirming a regeneration: record it now; the new values come in the next dialog.
  doc.addEventListener(
    'click',
    (event) => {
      if (!event.isTrusted || !(event.target instanceof Element)) return;
      reportPermission(event.target);
      const match = isRegenerateConfirmation(event.target);
      const page = match && parsePortalUrl(url());
      if (!match || !page) return;
      void channel
        .regenerated({
          host: page.host as Parameters<PortalChannel['regenerated']>[0]['host'],
          ...(page.appId ? { appId: page.appId } : {}),
          kinds: [...match.kinds],
        })
        .catch(() => {});
    },
    { capture: true, signal: listening.signal },
  );

  const watcher = watchPortal({
    doc,
    url,
    onChange: show,
    // A page that drops the panel (re-rendering the dialog) gets a new one beside the same values.
    attached: () => !shown || shown.panel.host.isConnected,
    ...(now ? { now } : {}),
  });
  onStop(() => {
    watcher.stop();
    listening.abort();
    hide();
  });
}
