// The portal watcher alone, in a plain page: what it costs per unrelated mutation batch.
import { detectCredentials } from '@/utils/portal/detect';
import { watchPortal } from '@/utils/portal/watch';

const KEYS_URL = 'https://developer.x.com/en/portal/projects/1529384756102938475/apps/29384756/keys';

/** A busy page: 5,000 elements of the portal's kind of markup, none of them a credential. */
function buildPage(): HTMLElement {
  const main = document.createElement('main');
  for (let i = 0; i < 1000; i++) {
    main.insertAdjacentHTML(
      'beforeend',
      `<div class="row"><span>Request ${i}</span><span class="count">${i * 3}</span><a href="#r${i}">open</a><em>ok</em></div>`,
    );
  }
  document.body.append(main);
  return main;
}

async function batches(main: HTMLElement, n: number): Promise<number> {
  const counts = main.querySelectorAll('.count');
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    // What a live dashboard does: update a counter, add a line, flip a class.
    (counts[i % counts.length] as HTMLElement).textContent = String(i);
    main.insertAdjacentHTML('beforeend', `<div class="row"><span>Request +${i}</span></div>`);
    (main.lastElementChild as HTMLElement).className = 'row new';
    await new Promise<void>((resolve) => queueMicrotask(resolve));
  }
  return (performance.now() - start) / n;
}

/** Times every call of the watcher's MutationObserver callback (with any detection it runs). */
function instrument() {
  const timing = { total: 0, calls: 0, detections: 0 };
  const Native = MutationObserver;
  globalThis.MutationObserver = class extends Native {
    constructor(callback: MutationCallback) {
      super((records, observer) => {
        const start = performance.now();
        callback(records, observer);
        timing.total += performance.now() - start;
        timing.calls++;
      });
    }
  };
  return timing;
}

export async function run() {
  const main = buildPage();
  const nodes = document.getElementsByTagName('*').length;
  const timing = instrument();
  const watcher = watchPortal({
    doc: document,
    url: () => KEYS_URL,
    onChange: () => {},
    detect: (doc, url) => {
      timing.detections++;
      return detectCredentials(doc, url);
    },
  });
  const n = 3000;
  await batches(main, 200); // warm up
  Object.assign(timing, { total: 0, calls: 0, detections: 0 });
  await batches(main, n);
  watcher.stop();
  // performance.now() is coarsened to 0.1 ms here; its jitter averages out over thousands of calls.
  return { nodes, perBatch: timing.total / timing.calls, batches: timing.calls, detections: timing.detections };
}
