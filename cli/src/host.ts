import { chmod, lstat, unlink } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import * as v from 'valibot';
import {
  APPROVAL_SECONDS,
  BrowserMessage,
  type CliReply,
  CliRequest,
  failure,
  type HostMessage,
  MAX_BROWSER_TO_HOST_BYTES,
  MAX_CLI_REPLY_BYTES,
  MAX_CLI_REQUEST_BYTES,
  MAX_HOST_TO_BROWSER_BYTES,
} from '../../utils/protocol/native.ts';
import { encodeFrame, FrameError, FrameReader } from './frames.ts';
import { privateDir, socketPath } from './paths.ts';

/**
 * The native messaging host. The browser starts it (`oncekey host`, through the launcher
 * `oncekey install` writes) when OnceKey's "Command line" is on, and talks to it over
 * stdin and stdout. It listens on a Unix socket for `oncekey`, passes each request to the
 * extension and each reply back, by nonce. It decides nothing and keeps nothing: a reply
 * is written to its socket and dropped. When the browser closes stdin, it removes its
 * socket and exits.
 */

/** Open connections from `oncekey` at once; more are refused. */
const MAX_CONNECTIONS = 16;
/** A connection must have sent its whole request by then. */
const REQUEST_MS = 5_000;
/** Beyond the user's time to answer: the extension's own work. */
const REPLY_SLACK_MS = 10_000;

export interface HostOptions {
  /** The browser's side: stdin and stdout. */
  input: Readable;
  output: Writable;
  /** The socket's directory (paths.ts, socketDir). */
  dir: string;
  /** Called once the host has stopped: the browser went away, or it could not listen. */
  onStopped: (code: number) => void;
}

const REFUSED_MESSAGE = 'OnceKey refused a malformed or oversized message.';

/** Whether something answers on the socket at `path` (a host of another browser). */
function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(path);
    probe.on('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.on('error', () => resolve(false));
  });
}

/**
 * Removes a socket left by a host that died. Anything that is not a socket is left alone;
 * a socket that answers belongs to a live host (another browser's), so this one gives way.
 * A host that the same browser is stopping may still answer for a moment: asked again.
 */
async function clearStale(path: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const stat = await lstat(path).catch(() => undefined);
    if (!stat) return;
    if (!stat.isSocket()) throw new Error(`${path} exists and is not a socket; OnceKey leaves it alone.`);
    if (!(await answers(path))) {
      await unlink(path).catch(() => undefined);
      return;
    }
    if (attempt === 10) {
      throw new Error(
        'Another browser is already connected to OnceKey\'s command line: turn "Command line" off there first.',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Listens at `path` with mode 0600: created so (umask), then set so, for file systems that ignore the umask. */
async function listen(server: Server, path: string): Promise<void> {
  const umask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } finally {
    process.umask(umask);
  }
  await chmod(path, 0o600);
}

export async function startHost({ input, output, dir, onStopped }: HostOptions): Promise<void> {
  const path = socketPath(dir);
  const toBrowser = (message: HostMessage) => output.write(encodeFrame(message, MAX_HOST_TO_BROWSER_BYTES));
  /** Requests sent to the browser and not yet answered: their sockets, by nonce. */
  const waiting = new Map<string, { socket: Socket; timer: NodeJS.Timeout }>();
  const server = createServer();
  let stopped = false;

  const answer = (socket: Socket, reply: CliReply) => {
    let frame: Buffer;
    try {
      frame = encodeFrame(reply, MAX_CLI_REPLY_BYTES);
    } catch {
      frame = encodeFrame(
        failure(reply.nonce, 'internal', 'The answer was too large to pass on.'),
        MAX_CLI_REPLY_BYTES,
      );
    }
    socket.end(frame);
  };

  const stop = async (code: number) => {
    if (stopped) return;
    stopped = true;
    for (const [nonce, { socket, timer }] of waiting) {
      clearTimeout(timer);
      answer(socket, failure(nonce, 'unavailable', 'The browser closed its connection to OnceKey.'));
    }
    waiting.clear();
    server.close();
    // Only the socket this host made: lstat first, so a stranger's file is never removed.
    const stat = await lstat(path).catch(() => undefined);
    if (stat?.isSocket()) await unlink(path).catch(() => undefined);
    onStopped(code);
  };

  try {
    await privateDir(dir, { create: true });
    await clearStale(path);
    await listen(server, path);
  } catch (error) {
    toBrowser({ type: 'failed', message: error instanceof Error ? error.message.slice(0, 1000) : 'unknown error' });
    stopped = true;
    onStopped(1);
    return;
  }

  server.maxConnections = MAX_CONNECTIONS;
  server.on('connection', (socket) => {
    const reader = new FrameReader(MAX_CLI_REQUEST_BYTES);
    let nonce: string | undefined;
    const deadline = setTimeout(() => socket.destroy(), REQUEST_MS);
    const refuse = (message = REFUSED_MESSAGE) => {
      clearTimeout(deadline);
      if (nonce) {
        clearTimeout(waiting.get(nonce)?.timer);
        waiting.delete(nonce);
        toBrowser({ type: 'cancel', nonce });
      }
      socket.removeAllListeners('data');
      answer(socket, failure(null, 'invalid', message));
    };
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      clearTimeout(deadline);
      // `oncekey` went away (Ctrl-C): the browser need not wait for the user any more.
      if (nonce && waiting.has(nonce)) {
        clearTimeout(waiting.get(nonce)?.timer);
        waiting.delete(nonce);
        toBrowser({ type: 'cancel', nonce });
      }
    });
    socket.on('data', (chunk: Buffer) => {
      let messages: unknown[];
      try {
        messages = reader.push(chunk);
      } catch (error) {
        return refuse(error instanceof FrameError ? REFUSED_MESSAGE : undefined);
      }
      if (!messages.length) return;
      // One request a connection: a second message is as malformed as a bad one.
      if (nonce || messages.length > 1) return refuse();
      const parsed = v.safeParse(CliRequest, messages[0]);
      if (!parsed.success) return refuse();
      const request = parsed.output;
      if (waiting.has(request.nonce)) return refuse('OnceKey refused a request that reused a nonce.');
      clearTimeout(deadline);
      nonce = request.nonce;
      const timer = setTimeout(
        () => {
          waiting.delete(request.nonce);
          toBrowser({ type: 'cancel', nonce: request.nonce });
          answer(socket, failure(request.nonce, 'unavailable', 'OnceKey did not answer in time.'));
        },
        (request.wait ?? APPROVAL_SECONDS) * 1000 + REPLY_SLACK_MS,
      );
      waiting.set(request.nonce, { socket, timer });
      toBrowser({ type: 'request', request });
    });
  });

  const fromBrowser = new FrameReader(MAX_BROWSER_TO_HOST_BYTES);
  input.on('data', (chunk: Buffer) => {
    let messages: unknown[];
    try {
      messages = fromBrowser.push(chunk);
    } catch {
      // Out of step with the browser: nothing more it sends can be read. It restarts the host.
      void stop(1);
      return;
    }
    for (const message of messages) {
      const parsed = v.safeParse(BrowserMessage, message);
      // A reply is passed on only to the connection that sent its nonce, and only once.
      if (!parsed.success) continue;
      const { reply } = parsed.output;
      const entry = reply.nonce === null ? undefined : waiting.get(reply.nonce);
      if (!entry || reply.nonce === null) continue;
      waiting.delete(reply.nonce);
      clearTimeout(entry.timer);
      answer(entry.socket, reply);
    }
  });
  input.on('end', () => void stop(0));
  input.on('error', () => void stop(1));
  toBrowser({ type: 'ready', v: 1 });
}
