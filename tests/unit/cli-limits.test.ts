import { describe, expect, it } from 'vitest';
import { ask, checkRequest } from '@/cli/src/client';
import { EXIT } from '@/cli/src/errors';
import type { CliRequest } from '@/utils/protocol/native';

const run = (argv: string[], app = 'rain-alerts'): CliRequest => ({
  type: 'read',
  v: 1,
  nonce: '0123456789abcdef0123456789abcdef',
  caller: { argv, cwd: '~/pipit' },
  purpose: 'run',
  app,
});

const refusal = (request: CliRequest) => {
  try {
    checkRequest(request);
    return undefined;
  } catch (error) {
    return error as { exitCode: number; message: string };
  }
};

describe('what oncekey can ask for', () => {
  it('says which limit a request is over, before it is sent, as a usage error', async () => {
    const files = Array.from({ length: 300 }, (_, i) => `data/${i}.json`);
    expect(refusal(run(['node', 'proc.js', ...files]))).toEqual(
      expect.objectContaining({
        exitCode: EXIT.usage,
        message: 'oncekey: the command has 302 arguments; OnceKey takes at most 256 (put a long list in a file).',
      }),
    );
    expect(refusal(run(['sh', '-c', 'x'.repeat(5000)]))?.message).toBe(
      'oncekey: argument 3 of the command has 5,000 characters; OnceKey takes at most 4,096 (put it in a file).',
    );
    expect(refusal(run(['node', 'bot.js'], 'n'.repeat(201)))?.message).toBe(
      "oncekey: --app has 201 characters; an App's name or id has at most 200.",
    );
    expect(refusal(run(['node', 'bot.js']))).toBeUndefined();
    // Refused before the socket is looked for: no "OnceKey is not listening" instead.
    await expect(ask(run(['node', 'proc.js', ...files]), '/nonexistent/oncekey')).rejects.toMatchObject({
      exitCode: EXIT.usage,
    });
  });
});
