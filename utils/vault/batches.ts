/**
 * WebCrypto work started a batch at a time: enough at once to keep its threads busy,
 * never thousands of pending promises (and their buffers) for a large backup.
 */
export const CRYPTO_BATCH = 256;

/** `work` on every item, CRYPTO_BATCH at a time, results in the items' order. */
export async function inBatches<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += CRYPTO_BATCH) {
    results.push(...(await Promise.all(items.slice(start, start + CRYPTO_BATCH).map(work))));
  }
  return results;
}
