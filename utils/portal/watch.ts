import { type Detection, detectCredentials } from './detect';
import { KEYS_SECTION_TITLES, LABEL_INDEX } from './selectors';

/**
 * Follows the portal, a single-page app, with one MutationObserver. Most mutation batches
 * (spinners, timers, hover styles) cannot change what is shown once; they are dismissed by
 * a cheap look at the changed nodes' text. A batch that might matter is detected at once,
 * inside the observer's callback: that callback is a microtask, so it runs before the
 * browser paints the frame that shows the new values, and a panel inserted by `onChange`
 * is painted in that same frame. The callback hears only real changes.
 */
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const RELEVANT_TEXT = new RegExp(
  [...LABEL_INDEX.keys(), ...KEYS_SECTION_TITLES, 'keys and tokens', 'keys & tokens'].map(escapeRegExp).join('|'),
  'i',
);
/**
 * A run of characters a value could be made of, as long as the shortest value: a dialog that
 * shows its labels first and fills the values in later (or replaces "Loading…" with them)
 * changes no label, only a text or a field that holds this.
 */
const VALUE_RUN = /[A-Za-z0-9%_-]{20}/;
/** Longest text read from one changed node; labels sit near the start of a dialog or section. */
const TEXT_LIMIT = 20_000;
/**
 * Detection time allowed in one frame. A page that keeps changing labelled content many times
 * a frame (a live-updating keys view) would otherwise run a whole-page scan for every batch;
 * past this, the next detection waits for the next frame, as all of them used to.
 */
export const FRAME_BUDGET_MS = 8;

function mayShowCredentials(node: Node): boolean {
  const text = node.textContent;
  return !!text && RELEVANT_TEXT.test(text.length > TEXT_LIMIT ? text.slice(0, TEXT_LIMIT) : text);
}

/**
 * Whether `node` may hold a value: a value-like run in its own text or value (a field), or in
 * one of its texts, each read alone (`textContent` runs the texts of unspaced elements
 * together: "DashboardProjectsApps"). At most TEXT_LIMIT characters are read.
 */
function mayShowValue(node: Node): boolean {
  const own = node as Partial<Text & HTMLInputElement>;
  if (VALUE_RUN.test(own.data ?? own.value ?? '')) return true;
  const texts = (node.ownerDocument as Document).createTreeWalker(node, 4 /* SHOW_TEXT */);
  for (let read = 0, t = texts.nextNode() as Text | null; t && read < TEXT_LIMIT; t = texts.nextNode() as Text | null) {
    if (VALUE_RUN.test(t.data)) return true;
    read += t.data.length;
  }
  return false;
}

/** A stable description of what is shown: kinds and values, in order. */
export function detectionKey(detection: Detection | null): string {
  return detection ? JSON.stringify(detection.credentials.map((c) => [c.kind, c.value])) : '';
}

export interface WatcherOptions {
  doc: Document;
  url: () => string;
  onChange: (detection: Detection | null) => void;
  /**
   * Whether what `onChange` put in the page is still there. Its removal calls for a detection,
   * and `onChange` hears the same values again (a re-render of the dialog dropped the panel).
   */
  attached?: () => boolean;
  /** Runs `run` at the next animation frame (requestAnimationFrame), where the budget resets. */
  nextFrame?: (run: () => void) => void;
  /** The clock the frame budget is kept with (performance.now). */
  now?: () => number;
  /** The detection itself; a parameter so tests can count runs. */
  detect?: typeof detectCredentials;
}

export function watchPortal({ doc, url, onChange, attached, nextFrame, now, detect }: WatcherOptions) {
  const frame = nextFrame ?? ((run: () => void) => requestAnimationFrame(run));
  const clock = now ?? (() => performance.now());
  const detectIn = detect ?? detectCredentials;
  let current: Detection | null = null;
  let currentKey = '';
  let lastUrl = url();
  /** Detection time spent since the last frame began. */
  let spent = 0;
  let frameRequested = false;
  /** A detection is owed, at the next frame (this frame's budget is spent). */
  let deferred = false;
  let stopped = false;

  const run = () => {
    const start = clock();
    lastUrl = url();
    const next = detectIn(doc, lastUrl);
    spent += clock() - start;
    const key = detectionKey(next);
    if (key === currentKey && (!attached || attached())) {
      // Same values; keep the newest elements (the page may have re-rendered them).
      current = next;
      return;
    }
    current = next;
    currentKey = key;
    onChange(next);
  };

  const onFrame = () => {
    frameRequested = false;
    spent = 0;
    if (!deferred || stopped) return;
    deferred = false;
    detectNow();
  };

  const detectNow = () => {
    if (spent >= FRAME_BUDGET_MS) deferred = true;
    else run();
    if (!frameRequested) {
      frameRequested = true;
      frame(onFrame);
    }
  };

  const relevant = (records: MutationRecord[]): boolean => {
    if (url() !== lastUrl) return true;
    // What is offered leaving the page (a modal closing) always matters; so does the panel
    // beside it leaving (a re-render of the dialog dropped it).
    if (current?.credentials.some((c) => !c.element.isConnected)) return true;
    if (current && attached && !attached()) return true;
    for (const record of records) {
      if (record.type === 'characterData') {
        if (mayShowCredentials(record.target) || mayShowValue(record.target)) return true;
        if (current?.credentials.some((c) => c.element.contains(record.target))) return true;
        continue;
      }
      if (record.type === 'attributes') {
        // Shown or hidden: its text; a field's value set by the page: the value itself.
        if (mayShowCredentials(record.target) || VALUE_RUN.test((record.target as Element).getAttribute('value') ?? ''))
          return true;
        continue;
      }
      for (const node of record.addedNodes) if (mayShowCredentials(node) || mayShowValue(node)) return true;
    }
    return false;
  };

  const observer = new MutationObserver((records) => {
    if (!deferred && relevant(records)) detectNow();
  });
  observer.observe(doc, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    // What shows or hides a dialog or a tab's content, without class churn.
    attributeFilter: ['hidden', 'open', 'aria-hidden', 'aria-selected', 'aria-current', 'value'],
  });
  detectNow();

  return {
    /** The detection on display now. */
    current: () => current,
    stop: () => {
      stopped = true;
      observer.disconnect();
    },
  };
}
