/**
 * A refusal from the background, with the message it gave (never a secret). Its own file so
 * that a page can tell a refusal apart without importing the client, which reaches `browser`.
 */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
