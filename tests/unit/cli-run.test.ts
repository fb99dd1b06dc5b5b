import { afterEach, describe, expect, it, vi } from 'vitest';
import { forwarded, runCommand } from '@/cli/src/run';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('oncekey run, around the command', () => {
  it('leaves stdin to the command: never reads process.stdin, which would make a piped stdin non-blocking', async () => {
    const stdin = vi.spyOn(process, 'stdin', 'get');
    expect(await runCommand({ command: ['sh', '-c', 'exit 3'], variables: {}, conceal: [] })).toBe(3);
    expect(stdin).not.toHaveBeenCalled();
  });

  it('passes Ctrl-C on only when no terminal sends it to the command too', () => {
    const only = (fds: number[]) => (fd: number) => fds.includes(fd);
    // `cat data | oncekey run … -- bot` in a terminal: its Ctrl-C reaches the bot already.
    expect(forwarded(only([1, 2]))).toEqual(['SIGTERM', 'SIGHUP']);
    expect(forwarded(only([2]))).toEqual(['SIGTERM', 'SIGHUP']);
    // No terminal at all (a service, cron): oncekey passes every signal on.
    expect(forwarded(only([]))).toEqual(['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT']);
  });
});
