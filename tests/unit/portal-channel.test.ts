import { describe, expect, it, vi } from 'vitest';
import { createChannel, type NativeRuntime } from '@/entrypoints/portal.content/channel';

const capture = {
  host: 'developer.x.com' as const,
  credentials: [{ kind: 'apiKey' as const, value: 'Gh5Jk8Lm2Np4Qr6St8Uv0Wx2Y' }],
};

function runtimeAnswering(answer: () => Promise<unknown>) {
  const sendMessage = vi.fn(answer);
  const runtime: NativeRuntime = { sendMessage };
  return { channel: createChannel(() => runtime), sendMessage };
}

describe('the content script’s messages to the background', () => {
  it('sends one envelope of the protocol and returns the reply’s value', async () => {
    const { channel, sendMessage } = runtimeAnswering(async () => ({ ok: true, value: { saved: 'sealed' } }));
    await expect(channel.submit(capture)).resolves.toEqual({ saved: 'sealed' });
    expect(sendMessage).toHaveBeenCalledWith({ type: 'capture.submit', payload: capture });
  });

  it('turns a refusal into an error carrying the background’s words', async () => {
    const { channel } = runtimeAnswering(async () => ({
      ok: false,
      error: { code: 'rate-limited', message: 'Too many captures from this tab.' },
    }));
    const refused = channel.submit(capture);
    await expect(refused).rejects.toBeInstanceOf(Error);
    await expect(refused).rejects.toMatchObject({ code: 'rate-limited', message: 'Too many captures from this tab.' });
  });

  it('says OnceKey did not answer when the extension was reloaded or gave no reply', async () => {
    const gone = runtimeAnswering(async () => {
      throw new Error('Extension context invalidated.');
    });
    await expect(gone.channel.regenerated({ host: 'console.x.com', kinds: ['apiKey'] })).rejects.toThrow(
      'OnceKey did not answer. Try again, or reload the page.',
    );
    const silent = runtimeAnswering(async () => undefined);
    await expect(silent.channel.submit(capture)).rejects.toThrow('OnceKey did not answer');
    await expect(createChannel(() => undefined).submit(capture)).rejects.toThrow('OnceKey did not answer');
  });
});
