// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchPortal } from '@/utils/portal/watch';

const KEYS_URL = 'https://developer.x.com/en/portal/projects/1529384756102938475/apps/29384756/keys';
const MODAL = `<div role="dialog" aria-modal="true"><h2>API Key and Secret</h2>
  <p>API Key</p><p>Gh5Jk8Lm2Np4Qr6St8Uv0Wx2Y</p>
  <p>API Key Secret</p><p>Ab1Cd3Ef5Gh7Ij9Kl1Mn3Op5Qr7St9Uv1Wx3Yz5Ab7Cd9Ef1Gh</p></div>`;

/** Runs scheduled detections when the test says so, and counts them. */
function harness() {
  const queue: (() => void)[] = [];
  const onChange = vi.fn();
  let detections = 0;
  const watcher = watchPortal({
    doc: document,
    url: () => KEYS_URL,
    onChange,
    schedule: (run) =>
      queue.push(() => {
        detections++;
        run();
      }),
  });
  const flush = async () => {
    await Promise.resolve(); // MutationObserver callbacks are microtasks
    while (queue.length) queue.shift()?.();
  };
  return { watcher, onChange, flush, detections: () => detections };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('following the portal', () => {
  it('reports values when a modal shows them and null when it closes', async () => {
    document.body.innerHTML = '<main><h1>trend-watcher</h1></main>';
    const { onChange, flush, watcher } = harness();
    await flush();
    expect(onChange).not.toHaveBeenCalled(); // nothing shown, nothing changed

    document.body.insertAdjacentHTML('beforeend', MODAL);
    await flush();
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onChange.mock.lastCall?.[0]?.credentials.map((c: { kind: string }) => c.kind)).toEqual([
      'apiKey',
      'apiKeySecret',
    ]);

    document.querySelector('[role="dialog"]')?.remove();
    await flush();
    expect(onChange).toHaveBeenCalledTimes(2);
    expect(onChange.mock.lastCall?.[0]).toBeNull();
    watcher.stop();
  });

  it('does not run detection for mutations that cannot show a credential', async () => {
    document.body.innerHTML = '<main><span id="clock">10:00</span><ul id="feed"></ul></main>';
    const { flush, detections, watcher } = harness();
    await flush();
    const before = detections();
    for (let i = 0; i < 50; i++) {
      (document.getElementById('clock') as HTMLElement).textContent = `10:${i}`;
      document.getElementById('feed')?.insertAdjacentHTML('beforeend', `<li>Post number ${i} about the weather</li>`);
      await flush();
    }
    expect(detections()).toBe(before);
    document.getElementById('feed')?.insertAdjacentHTML('beforeend', '<li>Bearer Token</li>');
    await flush();
    expect(detections()).toBe(before + 1);
    watcher.stop();
  });
});
