import { defineContentScript } from 'wxt/utils/define-content-script';
import { PORTAL_MATCHES } from '@/utils/portal/hosts';
import { createChannel } from './channel';
import { startCapture } from './start-capture';

// The portal's content script: its work is in ./start-capture.ts. No stylesheet: the
// panel's CSS is a string in its shadow root (./panel-style.ts), so the manifest lists no
// web-accessible resource.
export default defineContentScript({
  matches: PORTAL_MATCHES,
  runAt: 'document_idle',
  main(ctx) {
    startCapture({
      doc: document,
      win: window,
      url: () => location.href,
      channel: createChannel(),
      onStop: (stop) => ctx.onInvalidated(stop),
    });
  },
});
