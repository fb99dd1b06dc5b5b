import type { CliErrorCode } from '../../utils/protocol/native.ts';

/**
 * What `oncekey` exits with when it fails; `run` otherwise exits with its command's code.
 * Scripts can tell a refusal from a mistake without reading the message.
 */
export const EXIT = {
  /** Anything else: a value a format cannot hold, a file install could not write… */
  failure: 1,
  /** The command line was wrong; the usage is printed. */
  usage: 2,
  /** The user pressed Deny, or did not answer in time. */
  denied: 3,
  /** The vault is locked, or there is none yet. */
  locked: 4,
  /** No such App, or it has no current value of that kind. */
  notFound: 5,
  /** OnceKey could not be reached: the browser is closed, "Command line" is off, not installed. */
  unavailable: 6,
  /** `run`: the command was not found (as a shell says). */
  commandNotFound: 127,
} as const;

/** A failure `oncekey` explains in one sentence on stderr, then exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
  }
}

const EXIT_BY_CODE: Record<CliErrorCode, number> = {
  locked: EXIT.locked,
  'no-vault': EXIT.locked,
  denied: EXIT.denied,
  timeout: EXIT.denied,
  'not-found': EXIT.notFound,
  ambiguous: EXIT.notFound,
  busy: EXIT.unavailable,
  invalid: EXIT.failure,
  unavailable: EXIT.unavailable,
  internal: EXIT.failure,
};

/** The CliError for a refusal from the host or the extension. */
export function refused(code: CliErrorCode, message: string): CliError {
  return new CliError(message, EXIT_BY_CODE[code]);
}
