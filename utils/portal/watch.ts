import { type Detection, detectCredentials } from './detect';
import { KEYS_SECTION_TITLES, LABEL_INDEX } from './selectors';

/**
 * Follows the portal, a single-page app, with one MutationObserver. Most mutation batches
 * (spinners, timers, hover styles) cannot change what is shown once; they are dismissed by
 * a cheap look at the changed nodes' text. A batch that might matter schedules one
 * detection for the next frame, and the callback hears only real changes.
 */
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const RELEVANT_TEXT = new RegExp(
  [...LABEL_INDEX.keys(), ...KEYS_SECTION_TITLES, 'keys and tokens', 'keys & tokens'].map(escapeRegExp).join('|'),
  'i',
);
/** Longest text read from one changed node; labels sit near the start of a dialog or section. */
const TEXT_LIMIT = 20_000;

function mayShowCredentials(node: Node): boolean {
  const text = node.textContent;
  return !!text && RELEVANT_TEXT.test(text.length > TEXT_LIMIT ? text.slice(0, TEXT_LIMIT) : text);
}

/** A stable description of what is shown: kinds and values, in order. */
export function detectionKey(detection: Detection | null): string {
  return detection ? JSON.stringify(detection.credentials.map((c) => [c.kind, c.value])) : '';
}

export interface WatcherOptions {
  doc: Document;
  url: () => string;
  onChange: (detection: Detection | null) => void;
  /** When to run a scheduled detection: the next animation frame in the page. */
  schedule?: (run: () => void) => void;
}

export function watchPortal({ doc, url, onChange, schedule }: WatcherOptions) {
  const later = schedule ?? ((run: () => void) => requestAnimationFrame(run));
  let current: Detection | null = null;
  let currentKey = '';
  let lastUrl = url();
  let scheduled = false;

  const detect = () => {
    scheduled = false;
    lastUrl = url();
    const next = detectCredentials(doc, lastUrl);
    const key = detectionKey(next);
    if (key === currentKey) {
      // Same values; keep the newest elements (the page may have re-rendered them).
      current = next;
      return;
    }
    current = next;
    currentKey = key;
    onChange(next);
  };

  const request = () => {
    if (scheduled) return;
    scheduled = true;
    later(detect);
  };

  const relevant = (records: MutationRecord[]): boolean => {
    if (url() !== lastUrl) return true;
    // What is offered leaving the page (a modal closing) always matters.
    if (current?.credentials.some((c) => !c.element.isConnected)) return true;
    for (const record of records) {
      if (record.type === 'characterData') {
        if (mayShowCredentials(record.target)) return true;
        if (current?.credentials.some((c) => c.element.contains(record.target))) return true;
        continue;
      }
      if (record.type === 'attributes') {
        if (mayShowCredentials(record.target)) return true;
        continue;
      }
      for (const node of record.addedNodes) if (mayShowCredentials(node)) return true;
    }
    return false;
  };

  const observer = new MutationObserver((records) => {
    if (!scheduled && relevant(records)) request();
  });
  observer.observe(doc, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    // What shows or hides a dialog or a tab's content, without class churn.
    attributeFilter: ['hidden', 'open', 'aria-hidden', 'aria-selected', 'aria-current', 'value'],
  });
  request();

  return {
    /** The detection on display now. */
    current: () => current,
    stop: () => observer.disconnect(),
  };
}
