import { randomBytes } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import { connect } from 'node:net';
import * as v from 'valibot';
import {
  APPROVAL_SECONDS,
  CliReply,
  CliRequest,
  type CliValue,
  MAX_ARG_CHARS,
  MAX_ARGS,
  MAX_CLI_REPLY_BYTES,
  MAX_CLI_REQUEST_BYTES,
  MAX_NAME_CHARS,
} from '../../utils/protocol/native.ts';
import { CliError, EXIT, refused } from './errors.ts';
import { encodeFrame, FrameError, FrameReader } from './frames.ts';
import { privateDir, socketPath } from './paths.ts';

/** A fresh nonce: 128 random bits. */
export const newNonce = () => randomBytes(16).toString('hex');

/** Beyond the user's time to answer: the host, the browser and the vault's own work. */
const SLACK_MS = 15_000;

const NOT_LISTENING = 'OnceKey is not listening: open your browser, and turn on "Command line" in OnceKey\'s Settings.';

/**
 * The limits a request must keep, said in the user's words before anything is sent: the
 * host would refuse it as "a malformed or oversized message", which names none of them.
 */
export function checkRequest(request: CliRequest): void {
  const { argv, cwd } = request.caller;
  const refuse = (what: string) => {
    throw new CliError(`oncekey: ${what}`, EXIT.usage);
  };
  const count = (n: number) => n.toLocaleString('en-US');
  if (argv.length > MAX_ARGS)
    refuse(
      `the command has ${count(argv.length)} arguments; OnceKey takes at most ${MAX_ARGS} (put a long list in a file).`,
    );
  const long = argv.findIndex((arg) => arg.length > MAX_ARG_CHARS);
  if (long >= 0)
    refuse(
      `argument ${long + 1} of the command has ${count(argv[long]?.length ?? 0)} characters; OnceKey takes at most ${count(MAX_ARG_CHARS)} (put it in a file).`,
    );
  if (cwd.length > MAX_ARG_CHARS) refuse(`the current folder's path is over ${count(MAX_ARG_CHARS)} characters.`);
  if (request.type === 'read' && request.app.length > MAX_NAME_CHARS)
    refuse(`--app has ${count(request.app.length)} characters; an App's name or id has at most ${MAX_NAME_CHARS}.`);
  const bytes = Buffer.byteLength(JSON.stringify(request));
  if (bytes > MAX_CLI_REQUEST_BYTES)
    refuse(`the request is ${count(bytes)} bytes; OnceKey takes at most ${count(MAX_CLI_REQUEST_BYTES)}.`);
  if (!v.is(CliRequest, request)) refuse('that request is not one OnceKey takes.');
}

/**
 * Sends one request to the host's socket and waits for its reply. Before connecting, the
 * socket's directory must be private to this user and the socket this user's (paths.ts);
 * the reply must pass its schema and carry the request's nonce.
 */
export async function ask(request: CliRequest, dir: string): Promise<CliValue> {
  checkRequest(request);
  await privateDir(dir, { create: false });
  const path = socketPath(dir);
  const stat = await lstat(path).catch(() => undefined);
  if (!stat) throw new CliError(NOT_LISTENING, EXIT.unavailable);
  if (!stat.isSocket() || stat.uid !== process.getuid?.()) {
    throw new CliError(`${path} is not OnceKey's socket: OnceKey will not use it.`, EXIT.unavailable);
  }
  const frame = encodeFrame(request, MAX_CLI_REQUEST_BYTES);
  const waitMs = (request.wait ?? APPROVAL_SECONDS) * 1000 + SLACK_MS;

  const reply = await new Promise<unknown>((resolve, reject) => {
    const socket = connect(path);
    const reader = new FrameReader(MAX_CLI_REPLY_BYTES);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new CliError(`OnceKey did not answer within ${Math.round(waitMs / 1000)} s.`, EXIT.unavailable));
    }, waitMs);
    const settle = (fn: () => void) => {
      clearTimeout(timer);
      socket.destroy();
      fn();
    };
    socket.on('connect', () => socket.write(frame));
    socket.on('data', (chunk: Buffer) => {
      try {
        const [message] = reader.push(chunk);
        if (message !== undefined) settle(() => resolve(message));
      } catch (error) {
        settle(() => reject(error instanceof FrameError ? new CliError(`OnceKey's reply was unreadable.`) : error));
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      const stale = error.code === 'ECONNREFUSED' || error.code === 'ENOENT';
      settle(() => reject(stale ? new CliError(NOT_LISTENING, EXIT.unavailable) : error));
    });
    socket.on('close', () =>
      settle(() => reject(new CliError('OnceKey closed the connection without answering.', EXIT.unavailable))),
    );
  });

  const parsed = v.safeParse(CliReply, reply);
  if (!parsed.success) throw new CliError(`OnceKey's reply was malformed.`);
  const answer = parsed.output;
  if (answer.ok) {
    if (answer.nonce !== request.nonce) throw new CliError('OnceKey answered another request: refused.');
    return answer.value;
  }
  if (answer.nonce !== null && answer.nonce !== request.nonce) {
    throw new CliError('OnceKey answered another request: refused.');
  }
  throw refused(answer.error.code, answer.error.message);
}
