import * as v from 'valibot';
import {
  type BrowserMessage,
  type CliReply,
  type CliRequest,
  type CommandLineStatus,
  failure,
  HOST_NAME,
  HostMessage,
} from '../protocol/native';

/**
 * The extension's end of the command line: while "Command line" is on (Settings) and the
 * optional nativeMessaging permission is granted, it keeps the browser's connection to the
 * native messaging host open (which also keeps Chrome's service worker alive), checks each
 * message from the host against its schema, and passes requests to `answer`. The setting
 * itself is one flag in storage.local; the permission is the browser's.
 */

/** The parts of a runtime.Port this uses. */
export interface NativePort {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
  /** Firefox says here why the port closed; Chrome in runtime.lastError. */
  error?: { message?: string } | null;
}

export interface CommandLineApis {
  /** runtime.connectNative, looked up when called: the browser adds it once the permission is granted. */
  connectNative: (name: string) => NativePort;
  /** runtime.lastError, where Chrome puts why a port closed. */
  lastError: () => string | undefined;
  permitted: () => Promise<boolean>;
  /** The "Command line" flag in storage.local. */
  flag: { get(): Promise<boolean>; set(on: boolean): Promise<void> };
}

export interface CommandLineOptions {
  apis: CommandLineApis;
  /** `oncekey install …` for this browser and this extension. */
  installCommand: string;
  answer: (request: CliRequest) => Promise<CliReply>;
  /** oncekey gave up on a request: its approval need not wait. */
  cancel: (nonce: string) => void;
  /** The command line was turned off or lost its host: grants end, approvals close. */
  onStop: () => void;
  /** A host that ran and stopped is started again, this many times in a row at most. */
  maxRestarts?: number;
}

/** Chrome's and Firefox's reasons, as the user can act on them. */
function explain(reason: string | undefined, installCommand: string): string {
  if (reason && /not found|no such native application/i.test(reason)) {
    return `The command line is not installed for this browser. In a terminal, run: ${installCommand}`;
  }
  if (reason && /forbidden|not allowed/i.test(reason)) {
    return `The command line was installed for another copy of OnceKey. Run again: ${installCommand}`;
  }
  return `OnceKey's command line stopped${reason ? ` (${reason})` : ''}.`;
}

export function createCommandLine({
  apis,
  installCommand,
  answer,
  cancel,
  onStop,
  maxRestarts = 3,
}: CommandLineOptions) {
  let port: NativePort | undefined;
  let state: CommandLineStatus['state'] = 'off';
  let problem: string | undefined;
  let restarts = 0;

  const send = (target: NativePort, message: BrowserMessage) => {
    try {
      target.postMessage(message);
    } catch {
      // The port closed while the user decided: onDisconnect says so.
    }
  };

  const onMessage = (target: NativePort) => async (message: unknown) => {
    const parsed = v.safeParse(HostMessage, message);
    if (!parsed.success) return;
    const received = parsed.output;
    if (received.type === 'ready') {
      state = 'connected';
      problem = undefined;
    } else if (received.type === 'failed') {
      state = 'failed';
      problem = received.message;
      restarts = maxRestarts; // It could not listen: starting it again would not help.
    } else if (received.type === 'cancel') {
      cancel(received.nonce);
    } else {
      let reply: CliReply;
      try {
        reply = await answer(received.request);
      } catch {
        reply = failure(received.request.nonce, 'internal', 'OnceKey hit an unexpected error; nothing was read.');
      }
      if (port === target) send(target, { type: 'reply', reply });
    }
  };

  function connect(): void {
    if (port) return;
    state = 'connecting';
    problem = undefined;
    let opened: NativePort;
    try {
      opened = apis.connectNative(HOST_NAME);
    } catch (error) {
      state = 'failed';
      problem = explain(error instanceof Error ? error.message : undefined, installCommand);
      return;
    }
    port = opened;
    opened.onMessage.addListener(onMessage(opened));
    opened.onDisconnect.addListener(() => {
      if (port !== opened) return;
      port = undefined;
      const wasRunning = state === 'connected';
      onStop();
      if (state !== 'failed') {
        state = 'failed';
        problem = explain(opened.error?.message ?? apis.lastError(), installCommand);
      }
      // A host that was serving and stopped (it crashed, or was killed) is started again.
      if (wasRunning && restarts < maxRestarts) {
        restarts++;
        void start();
      }
    });
  }

  async function start(): Promise<void> {
    if ((await apis.flag.get()) && (await apis.permitted())) connect();
  }

  function stop(): void {
    const open = port;
    port = undefined;
    state = 'off';
    problem = undefined;
    open?.disconnect();
    onStop();
  }

  async function status(): Promise<CommandLineStatus> {
    const [enabled, permitted] = await Promise.all([apis.flag.get(), apis.permitted()]);
    return {
      enabled,
      permitted,
      state: enabled && permitted ? state : 'off',
      ...(enabled && permitted && problem ? { problem } : {}),
      installCommand,
    };
  }

  return {
    /** At the background's start, and when the browser grants the permission. */
    start,
    status,
    /** "Command line" in Settings: on connects (again, after a failure), off disconnects. */
    async enable(on: boolean): Promise<CommandLineStatus> {
      await apis.flag.set(on);
      if (on) {
        restarts = 0;
        // Turning it on again after a failure starts a fresh host.
        if (state === 'failed' && port) {
          const failed = port;
          port = undefined;
          failed.disconnect();
        }
        await start();
      } else {
        stop();
      }
      return status();
    },
    /** The browser took the permission back. */
    revoked: stop,
  };
}

export type CommandLine = ReturnType<typeof createCommandLine>;
