import { describe, expect, it, vi } from 'vitest';
import { createCommandLine, type NativePort } from '@/utils/background/command-line';
import { type CliRequest, failure } from '@/utils/protocol/native';

const INSTALL = 'oncekey install --extension-id abcdefghijklmnopabcdefghijklmnop';
const REQUEST: CliRequest = {
  type: 'ls',
  v: 1,
  nonce: 'a'.repeat(32),
  caller: { argv: ['oncekey', 'ls'], cwd: '~' },
};

/** A native port the test drives: what the extension posted, and the host's side. */
function fakePort() {
  const messageListeners: ((message: unknown) => void)[] = [];
  const disconnectListeners: (() => void)[] = [];
  const posted: unknown[] = [];
  const port: NativePort & { error?: { message?: string } } = {
    postMessage: (message) => posted.push(message),
    disconnect: vi.fn(),
    onMessage: { addListener: (l) => messageListeners.push(l) },
    onDisconnect: { addListener: (l) => disconnectListeners.push(l) },
  };
  return {
    port,
    posted,
    fromHost: (message: unknown) => {
      for (const l of messageListeners) l(message);
    },
    hostExits: (error?: string) => {
      if (error) port.error = { message: error };
      for (const l of disconnectListeners) l();
    },
  };
}

function setup({ permitted = true, flag = false } = {}) {
  const ports: ReturnType<typeof fakePort>[] = [];
  let on = flag;
  const stops = vi.fn();
  const cancelled: string[] = [];
  const commandLine = createCommandLine({
    apis: {
      connectNative: (name) => {
        expect(name).toBe('dev.oncekey.cli');
        const made = fakePort();
        ports.push(made);
        return made.port;
      },
      lastError: () => undefined,
      permitted: async () => permitted,
      flag: {
        get: async () => on,
        set: async (value) => {
          on = value;
        },
      },
    },
    installCommand: INSTALL,
    answer: async (request) => ({ nonce: request.nonce, ok: true, value: { type: 'apps', apps: [] } }),
    cancel: (nonce) => cancelled.push(nonce),
    onStop: stops,
  });
  return { commandLine, ports, stops, cancelled };
}

describe('the extension’s connection to the command line', () => {
  it('stays off until the user turns it on and the browser allows it', async () => {
    const off = setup();
    await off.commandLine.start();
    expect(off.ports).toEqual([]);
    expect(await off.commandLine.status()).toEqual({
      enabled: false,
      permitted: true,
      state: 'off',
      installCommand: INSTALL,
    });

    const refused = setup({ permitted: false });
    expect(await refused.commandLine.enable(true)).toMatchObject({ enabled: true, permitted: false, state: 'off' });
    expect(refused.ports).toEqual([]);
  });

  it('connects, answers each request it can read by its nonce, and ignores anything else', async () => {
    const { commandLine, ports, cancelled } = setup();
    expect(await commandLine.enable(true)).toMatchObject({ state: 'connecting' });
    const [host] = ports;
    if (!host) throw new Error('not connected');
    host.fromHost({ type: 'ready', v: 1 });
    expect(await commandLine.status()).toMatchObject({ state: 'connected' });

    host.fromHost({ type: 'request', request: { ...REQUEST, extra: 1 } });
    host.fromHost({ type: 'request', request: REQUEST });
    host.fromHost({ type: 'cancel', nonce: 'b'.repeat(32) });
    await vi.waitFor(() => expect(host.posted).toHaveLength(1));
    expect(host.posted).toEqual([
      { type: 'reply', reply: { nonce: REQUEST.nonce, ok: true, value: { type: 'apps', apps: [] } } },
    ]);
    expect(cancelled).toEqual(['b'.repeat(32)]);
  });

  it('says what to run when the host is not installed, and what the host said when it could not listen', async () => {
    const missing = setup();
    await missing.commandLine.enable(true);
    missing.ports[0]?.hostExits('Specified native messaging host not found.');
    expect(await missing.commandLine.status()).toMatchObject({
      state: 'failed',
      problem: `The command line is not installed for this browser. In a terminal, run: ${INSTALL}`,
    });
    // Turning it on again tries again.
    await missing.commandLine.enable(true);
    expect(missing.ports).toHaveLength(2);

    const busy = setup();
    await busy.commandLine.enable(true);
    busy.ports[0]?.fromHost(failure(null, 'busy', 'x'));
    busy.ports[0]?.fromHost({ type: 'failed', message: 'Another browser is already connected.' });
    busy.ports[0]?.hostExits();
    expect(await busy.commandLine.status()).toMatchObject({
      state: 'failed',
      problem: 'Another browser is already connected.',
    });
    expect(busy.ports).toHaveLength(1);
  });

  it('starts a host that was serving again, a few times, and forgets grants whenever it stops', async () => {
    const { commandLine, ports, stops } = setup({ flag: true });
    await commandLine.start();
    for (let i = 0; i < 4; i++) {
      ports.at(-1)?.fromHost({ type: 'ready', v: 1 });
      ports.at(-1)?.hostExits();
      await vi.waitFor(() => expect(ports.length).toBe(Math.min(i + 2, 4)));
    }
    expect(ports).toHaveLength(4);
    expect(stops).toHaveBeenCalledTimes(4);
  });

  it('disconnects when turned off or when the browser takes the permission back', async () => {
    const { commandLine, ports, stops } = setup();
    await commandLine.enable(true);
    expect(await commandLine.enable(false)).toMatchObject({ enabled: false, state: 'off' });
    expect(ports[0]?.port.disconnect).toHaveBeenCalled();
    await commandLine.enable(true);
    commandLine.revoked();
    expect(ports[1]?.port.disconnect).toHaveBeenCalled();
    expect(stops).toHaveBeenCalledTimes(2);
  });
});
