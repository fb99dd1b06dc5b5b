import { spawn } from 'node:child_process';
import { chmod, lstat, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ask, newNonce } from '@/cli/src/client';
import { CliError, EXIT } from '@/cli/src/errors';
import { encodeFrame, FrameReader } from '@/cli/src/frames';
import { startHost } from '@/cli/src/host';
import { socketPath } from '@/cli/src/paths';
import type { CliReply, CliRequest, HostMessage } from '@/utils/protocol/native';

let runtime: string;
let dir: string;

beforeEach(async () => {
  runtime = await mkdtemp(join(tmpdir(), 'oncekey-runtime-'));
  dir = join(runtime, 'oncekey');
});
afterEach(() => rm(runtime, { recursive: true, force: true }));

/** A host with the browser's side in the test's hands: what it sends, and a way to answer. */
async function host() {
  const input = new PassThrough();
  const output = new PassThrough();
  const reader = new FrameReader(1 << 20);
  const sent: HostMessage[] = [];
  const listeners: (() => void)[] = [];
  output.on('data', (chunk: Buffer) => {
    sent.push(...(reader.push(chunk) as HostMessage[]));
    for (const listener of listeners.splice(0)) listener();
  });
  let stopped: (code: number) => void = () => {};
  const stoppedWith = new Promise<number>((resolve) => {
    stopped = resolve;
  });
  await startHost({ input, output, dir, onStopped: (code) => stopped(code) });
  /** The next message of this type the host sends the browser. */
  const next = async <T extends HostMessage['type']>(type: T): Promise<Extract<HostMessage, { type: T }>> => {
    for (;;) {
      const index = sent.findIndex((m) => m.type === type);
      if (index !== -1) return sent.splice(index, 1)[0] as Extract<HostMessage, { type: T }>;
      await new Promise<void>((resolve) => listeners.push(resolve));
    }
  };
  const answer = (reply: CliReply) => input.write(encodeFrame({ type: 'reply', reply }, 1 << 20));
  return { input, sent, next, answer, stoppedWith };
}

const lsRequest = (): CliRequest => ({
  type: 'ls',
  v: 1,
  nonce: newNonce(),
  caller: { argv: ['oncekey', 'ls'], cwd: '~' },
});

/** Sends raw bytes to the socket and returns what comes back before it closes. */
function raw(bytes: Buffer): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath(dir));
    const reader = new FrameReader(1 << 20);
    const got: unknown[] = [];
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => got.push(...reader.push(chunk)));
    socket.on('close', () => resolve(got));
    socket.on('error', reject);
  });
}

describe('the native messaging host', () => {
  it('listens on a socket only its user can reach, and passes a request and its reply through by nonce', async () => {
    const { next, answer } = await host();
    expect(await next('ready')).toEqual({ type: 'ready', v: 1 });
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const socket = await lstat(socketPath(dir));
    expect(socket.isSocket()).toBe(true);
    expect(socket.mode & 0o777).toBe(0o600);

    const request = lsRequest();
    const asking = ask(request, dir);
    expect(await next('request')).toEqual({ type: 'request', request });
    // A reply to another nonce goes nowhere; the right one reaches oncekey.
    answer({ nonce: newNonce(), ok: true, value: { type: 'apps', apps: [] } });
    answer({
      nonce: request.nonce,
      ok: true,
      value: { type: 'apps', apps: [{ id: 'a1', name: 'bot', kinds: ['apiKey'] }] },
    });
    expect(await asking).toEqual({ type: 'apps', apps: [{ id: 'a1', name: 'bot', kinds: ['apiKey'] }] });
  });

  it('refuses a malformed, oversized or second message, and passes none of them to the browser', async () => {
    const { next, sent } = await host();
    await next('ready');
    const refusal = {
      nonce: null,
      ok: false,
      error: { code: 'invalid', message: 'OnceKey refused a malformed or oversized message.' },
    };
    expect(await raw(encodeFrame({ type: 'ls', v: 1, nonce: 'x' }, 1 << 20))).toEqual([refusal]);
    expect(await raw(Buffer.from('GET / HTTP/1.1\r\n\r\n'))).toEqual([refusal]);
    const huge = Buffer.alloc(4);
    huge.writeUInt32LE(5 * 1024 * 1024);
    expect(await raw(huge)).toEqual([refusal]);
    const twice = encodeFrame(lsRequest(), 1 << 20);
    expect(await raw(Buffer.concat([twice, encodeFrame(lsRequest(), 1 << 20)]))).toEqual([refusal]);
    expect(sent.filter((m) => m.type === 'request')).toEqual([]);
  });

  it('tells the browser when oncekey gives up, and answers every waiting oncekey when the browser leaves', async () => {
    const { input, next, stoppedWith } = await host();
    await next('ready');
    const gaveUp = lsRequest();
    const socket = connect(socketPath(dir), () => socket.write(encodeFrame(gaveUp, 1 << 20)));
    await next('request');
    socket.destroy();
    expect(await next('cancel')).toEqual({ type: 'cancel', nonce: gaveUp.nonce });

    const asking = ask(lsRequest(), dir);
    await next('request');
    input.end();
    await expect(asking).rejects.toMatchObject({ exitCode: EXIT.unavailable, message: /browser closed/ });
    expect(await stoppedWith).toBe(0);
    await expect(lstat(socketPath(dir))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('replaces a socket left by a host that died, but never a file that is not a socket', async () => {
    await host().then(({ input, stoppedWith }) => {
      input.end();
      return stoppedWith;
    });
    // A dead host's socket: a process listening on it is killed, and the file stays.
    const dead = spawn(process.execPath, [
      '-e',
      `require('net').createServer().listen(${JSON.stringify(socketPath(dir))}, () => console.log('up'))`,
    ]);
    await new Promise((resolve) => dead.stdout.once('data', resolve));
    dead.kill('SIGKILL');
    await new Promise((resolve) => dead.once('exit', resolve));
    expect((await lstat(socketPath(dir))).isSocket()).toBe(true);
    const { next } = await host();
    expect(await next('ready')).toEqual({ type: 'ready', v: 1 });

    const other = join(runtime, 'other');
    dir = other;
    await host().then(({ input }) => input.end());
    await rm(socketPath(other), { force: true });
    await writeFile(socketPath(other), 'my notes');
    const refused = await host();
    expect(await refused.next('failed')).toEqual({ type: 'failed', message: expect.stringMatching(/is not a socket/) });
    expect(await refused.stoppedWith).toBe(1);
  });

  it('makes its directory private again, and oncekey refuses one that is not', async () => {
    const { next } = await host();
    await next('ready');
    await chmod(dir, 0o755);
    await expect(ask(lsRequest(), dir)).rejects.toEqual(
      new CliError(`${dir} can be entered by other users: OnceKey will not use it.`, EXIT.unavailable),
    );
  });
});
