// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { detectCredentials } from '@/utils/portal/detect';
import { FRAME_BUDGET_MS, watchPortal } from '@/utils/portal/watch';

const KEYS_URL = 'https://developer.x.com/en/portal/projects/1529384756102938475/apps/29384756/keys';
const MODAL = `<div role="dialog" aria-modal="true"><h2>API Key and Secret</h2>
  <p>API Key</p><p>Gh5Jk8Lm2Np4Qr6St8Uv0Wx2Y</p>
  <p>API Key Secret</p><p>Ab1Cd3Ef5Gh7Ij9Kl1Mn3Op5Qr7St9Uv1Wx3Yz5Ab7Cd9Ef1Gh</p></div>`;
const BEARER = `<div role="dialog"><h2>Bearer Token</h2><p>Bearer Token</p>
  <p>AAAAAAAAAAAAAAAAAAAAAMLheAAAAAAA0%2BuSeid%2BULvsea4JtiGRiSDSJSI%3DEUifiRBkKG5E2XzMDjRfl76ZC9Ub0wnz4XsNiRVBChTYbJcE3F</p></div>`;

/**
 * A watcher whose animation frames run only when the test says so, with a clock the test
 * moves, counting the detections it runs.
 */
function harness({ detectionTakes = 0 } = {}) {
  const frames: (() => void)[] = [];
  const onChange = vi.fn();
  let clock = 0;
  let detections = 0;
  const watcher = watchPortal({
    doc: document,
    url: () => KEYS_URL,
    onChange,
    nextFrame: (run) => frames.push(run),
    now: () => clock,
    detect: (doc, url) => {
      detections++;
      clock += detectionTakes;
      return detectCredentials(doc, url);
    },
  });
  /** Lets the MutationObserver's callback (a microtask) run; no animation frame passes. */
  const settle = () => Promise.resolve();
  const nextFrame = () => {
    for (const run of frames.splice(0)) run();
  };
  const kinds = () => onChange.mock.lastCall?.[0]?.credentials.map((c: { kind: string }) => c.kind);
  return { watcher, onChange, settle, nextFrame, kinds, detections: () => detections };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('following the portal', () => {
  it('reports values in the same frame as the mutation that shows them, and null when they go', async () => {
    document.body.innerHTML = '<main><h1>trend-watcher</h1></main>';
    const { onChange, settle, watcher, kinds } = harness();
    expect(onChange).not.toHaveBeenCalled(); // nothing shown, nothing changed

    document.body.insertAdjacentHTML('beforeend', MODAL);
    await settle();
    // Before any animation frame: whatever `onChange` inserts is painted with the values.
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(kinds()).toEqual(['apiKey', 'apiKeySecret']);

    document.querySelector('[role="dialog"]')?.remove();
    await settle();
    expect(onChange).toHaveBeenCalledTimes(2);
    expect(onChange.mock.lastCall?.[0]).toBeNull();
    watcher.stop();
  });

  it('reports values already on the page when it starts, before it returns', () => {
    document.body.innerHTML = MODAL;
    const { onChange, kinds, watcher } = harness();
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(kinds()).toEqual(['apiKey', 'apiKeySecret']);
    watcher.stop();
  });

  it('does not run detection for mutations that cannot show a credential', async () => {
    document.body.innerHTML = '<main><span id="clock">10:00</span><ul id="feed"></ul></main>';
    const { settle, nextFrame, detections, watcher } = harness();
    const before = detections();
    for (let i = 0; i < 50; i++) {
      (document.getElementById('clock') as HTMLElement).textContent = `10:${i}`;
      document.getElementById('feed')?.insertAdjacentHTML('beforeend', `<li>Post number ${i} about the weather</li>`);
      await settle();
      nextFrame();
    }
    expect(detections()).toBe(before);
    document.getElementById('feed')?.insertAdjacentHTML('beforeend', '<li>Bearer Token</li>');
    await settle();
    expect(detections()).toBe(before + 1);
    watcher.stop();
  });

  it('on a page that changes labelled content again and again, detects once a frame past its budget', async () => {
    document.body.innerHTML = '<main><p id="tick">API Key</p></main>';
    // Each detection takes more than the frame's budget, so one a frame is all that runs.
    const { settle, nextFrame, detections, onChange, kinds, watcher } = harness({ detectionTakes: FRAME_BUDGET_MS });
    nextFrame(); // the start's detection used this frame's budget
    const before = detections();
    (document.getElementById('tick') as HTMLElement).textContent = 'API Key Secret';
    await settle();
    expect(detections()).toBe(before + 1);

    // Values shown later in the same frame wait for the next one; nothing is lost.
    document.body.insertAdjacentHTML('beforeend', BEARER);
    await settle();
    (document.getElementById('tick') as HTMLElement).textContent = 'API Key';
    await settle();
    expect(detections()).toBe(before + 1);
    expect(onChange).not.toHaveBeenCalled();
    nextFrame();
    expect(detections()).toBe(before + 2);
    expect(kinds()).toEqual(['bearerToken']);
    watcher.stop();
  });

  it('reports values a dialog fills in after showing their labels, as text or in a field', async () => {
    const KEY = 'Gh5Jk8Lm2Np4Qr6St8Uv0Wx2Y';
    document.body.innerHTML = `<div role="dialog"><h2>API Key and Secret</h2>
      <p>API Key</p><p id="key"></p><p>API Key Secret</p><p id="secret">Loading…</p>
      <label>Bearer Token <input id="bearer" readonly></label></div>`;
    const { settle, onChange, kinds, watcher } = harness();
    expect(onChange).not.toHaveBeenCalled();
    (document.getElementById('key') as HTMLElement).textContent = KEY;
    await settle();
    expect(kinds()).toEqual(['apiKey']);
    // "Loading…" becomes the value: a change of that text node only.
    const loading = document.getElementById('secret')?.firstChild as Text;
    loading.data = 'Ab1Cd3Ef5Gh7Ij9Kl1Mn3Op5Qr7St9Uv1Wx3Yz5Ab7Cd9Ef1Gh';
    await settle();
    expect(kinds()).toEqual(['apiKey', 'apiKeySecret']);
    document.getElementById('bearer')?.setAttribute('value', BEARER.match(/AAAA[^<]+/)?.[0] ?? '');
    await settle();
    expect(kinds()).toEqual(['apiKey', 'apiKeySecret', 'bearerToken']);
    // A field added after its label, its value set as a property (no attribute, no text).
    const field = document.createElement('input');
    field.value = 'Ab1Cd3Ef5Gh7Ij9Kl1Mn3Op5Qr7St9Uv1Wx3Yz5Ab7CdQ';
    const label = document.createElement('p');
    label.textContent = 'Access Token Secret';
    document.querySelector('[role="dialog"]')?.append(label);
    await settle();
    document.querySelector('[role="dialog"]')?.append(field);
    await settle();
    expect(kinds()).toEqual(['apiKey', 'apiKeySecret', 'bearerToken', 'accessTokenSecret']);
    watcher.stop();
  });

  it('does not take the texts of unspaced elements, run together, for a value', async () => {
    document.body.innerHTML = '<main><p>API Key</p><ul id="nav"></ul></main>';
    const { settle, nextFrame, detections, watcher } = harness();
    const before = detections();
    for (let i = 0; i < 10; i++) {
      const row = `<li><span>Dashboard</span><span>Projects</span><span>Apps${i}</span></li>`;
      document.getElementById('nav')?.insertAdjacentHTML('beforeend', row);
      await settle();
      nextFrame();
    }
    expect(detections()).toBe(before);
    watcher.stop();
  });

  it('after stop, a detection owed to the next frame does not run', async () => {
    document.body.innerHTML = '<main><p id="tick">API Key</p></main>';
    const { settle, nextFrame, onChange, watcher } = harness({ detectionTakes: FRAME_BUDGET_MS });
    document.body.insertAdjacentHTML('beforeend', BEARER);
    await settle();
    watcher.stop();
    nextFrame();
    expect(onChange).not.toHaveBeenCalled();
  });
});
