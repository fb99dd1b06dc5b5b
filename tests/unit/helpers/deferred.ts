/** A promise and the function that settles it: a step of a test to wait for, or to hold a read, write or answer at. */
export function deferred() {
  let resolve = () => {};
  const promise = new Promise<void>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}
