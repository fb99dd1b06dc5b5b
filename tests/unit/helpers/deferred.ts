/**
 * A promise and the functions that settle it: a step of a test to wait for, or to hold a read,
 * write or answer at (and give it, or refuse it, when the test says).
 */
export function deferred<T = void>() {
  let resolve: (value: T) => void = () => {};
  let reject: (error: Error) => void = () => {};
  const promise = new Promise<T>((settle, refuse) => {
    resolve = settle;
    reject = refuse;
  });
  return { promise, resolve, reject };
}
