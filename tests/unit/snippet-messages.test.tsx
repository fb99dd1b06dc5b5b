// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExportView } from '@/components/ExportView';
import { vaultHandlers } from '@/utils/background/handlers';
import { createRouter, type Sender } from '@/utils/protocol/router';
import type { AppSummary } from '@/utils/vault/types';
import { API_KEY, API_KEY_SECRET, capture, makeVault, PASSPHRASE } from './helpers/vault';

const RUNTIME_ID = 'oncekeyextensionidaaaaaaaaaaaaaa';
const BASE = `chrome-extension://${RUNTIME_ID}/`;
const POPUP: Sender = { id: RUNTIME_ID, url: `${BASE}popup.html` };
const PORTAL: Sender = {
  id: RUNTIME_ID,
  url: 'https://developer.x.com/en/portal/apps/2/keys',
  tab: { id: 7 },
  frameId: 0,
};
// Fake values in the portal's formats; none is a real credential.
const BEARER = `${'A'.repeat(21)}${'Ab1Cd2Ef3G'.repeat(3)}h4Ij5Kl6%3D${'Zy9Xw8Vu7T'.repeat(5)}`;

async function setup() {
  const harness = makeVault();
  await harness.vault.create(PASSPHRASE);
  await harness.vault.submitCapture(
    capture({ credentials: [...capture().credentials, { kind: 'bearerToken', value: BEARER }] }),
  );
  const scheduleClipboardClear = vi.fn(async (_hash: string, _seconds: number) => {});
  const handle = createRouter({
    runtimeId: RUNTIME_ID,
    extensionBase: BASE,
    handlers: vaultHandlers(harness.vault, { scheduleClipboardClear }),
  });
  const [app] = await harness.vault.list();
  return { handle, scheduleClipboardClear, appId: app?.id as string };
}

afterEach(cleanup);

describe('copy as code, through the background', () => {
  it('reads the variables by default, with no value in the code and nothing to clear', async () => {
    const { handle, scheduleClipboardClear, appId } = await setup();
    const reply = await handle(
      { type: 'snippet.build', payload: { appId, snippet: 'curl', preset: 'twitter', inline: false } },
      POPUP,
    );
    expect(reply).toMatchObject({ ok: true, value: { clearsInSeconds: null } });
    const text = (reply as { value: { text: string } }).value.text;
    expect(text).toContain('"Authorization: Bearer $TWITTER_BEARER_TOKEN"');
    expect(text).not.toContain(BEARER);
    expect(scheduleClipboardClear).not.toHaveBeenCalled();
  });

  it('writes the values in only when asked, and then clears the clipboard like a copied value', async () => {
    const { handle, scheduleClipboardClear, appId } = await setup();
    const reply = await handle(
      { type: 'snippet.build', payload: { appId, snippet: 'curl', preset: 'x', inline: true } },
      POPUP,
    );
    expect((reply as { value: { text: string } }).value.text).toContain(`'Authorization: Bearer ${BEARER}'`);
    expect(scheduleClipboardClear).toHaveBeenCalledTimes(1);
  });

  it('says what a snippet needs when the App lacks it, and is refused to the portal', async () => {
    const { handle, appId } = await setup();
    const reply = await handle(
      { type: 'snippet.build', payload: { appId, snippet: 'tweepy', preset: 'x', inline: false } },
      POPUP,
    );
    // The App has the API Key and Secret and a Bearer Token: Tweepy's app-only client only.
    const text = (reply as { value: { text: string } }).value.text;
    expect(text).toContain('bearer_token=os.environ["X_BEARER_TOKEN"]');
    expect(text).not.toContain('consumer_key');
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(API_KEY_SECRET);
    const refused = await handle(
      { type: 'snippet.build', payload: { appId, snippet: 'curl', preset: 'x', inline: true } },
      PORTAL,
    );
    expect(refused).toMatchObject({ ok: false });
  });
});

describe('copy as code in the Export screen', () => {
  it('offers each library, reads variables unless told to write the values in, with the naming chosen', () => {
    const app: AppSummary = {
      id: 'a1',
      host: 'developer.x.com',
      exports: [],
      appName: 'Weather Bot',
      exportPreset: 'tweepy',
      credentials: [],
    };
    const onCopySnippet = vi.fn();
    render(
      <ExportView app={app} onBack={() => {}} onCopy={() => {}} onDownload={() => {}} onCopySnippet={onCopySnippet} />,
    );
    const library = screen.getByLabelText('Library') as HTMLSelectElement;
    expect([...library.options].map((o) => o.textContent)).toEqual([
      'Tweepy (Python)',
      'twitter-api-v2 (Node)',
      'XDK (Python)',
      'XDK (TypeScript)',
      'curl (Bearer Token)',
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Copy Tweepy (Python) code' }));
    expect(onCopySnippet).toHaveBeenLastCalledWith({ snippet: 'tweepy', inline: false, preset: 'tweepy' });
    fireEvent.change(library, { target: { value: 'xdk-typescript' } });
    fireEvent.click(screen.getByLabelText('Write the values into the code (not the variables)'));
    fireEvent.click(screen.getByRole('button', { name: 'Copy XDK (TypeScript) code' }));
    expect(onCopySnippet).toHaveBeenLastCalledWith({ snippet: 'xdk-typescript', inline: true, preset: 'tweepy' });
  });
});
