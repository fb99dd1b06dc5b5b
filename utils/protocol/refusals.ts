import type { ErrorReply } from './messages';

/** A refusal as the background replies it: `{ ok: false, error: { code, message } }`. */
export const refuse = (code: string, message: string): ErrorReply => ({ ok: false, error: { code, message } });

/** What the background says to a stranger, to an unknown message, and when a handler failed unexpectedly. */
export const NOT_FROM_US = 'OnceKey accepts messages only from itself and the X developer portal.';
export const UNKNOWN_MESSAGE = 'OnceKey does not know that message.';
export const UNEXPECTED = 'OnceKey hit an unexpected error; the vault was left as it was.';
