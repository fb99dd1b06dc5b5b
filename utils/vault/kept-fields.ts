import type { Binding } from '../crypto/aead';
import { toBase64 } from '../crypto/base64';

/** Opens one metadata field (names, notes, a credential's details): never a value. */
export type OpenField = (blob: Uint8Array, binding: Binding, open: () => Promise<string>) => Promise<string>;

/**
 * The metadata fields the last list opened, by ciphertext and binding, so that the list read
 * again after a write decrypts only what the write changed (a capture re-encrypts one App's
 * fields, not a thousand). An entry is what decrypting that ciphertext under that binding gave
 * before, with the same vault key: the same answer, without the work. Values never pass here.
 *
 * Only the fields the last list used are kept (no growth with every write), for one vault key;
 * ListCache clears them at lock.
 */
export class KeptFields {
  private key: string | undefined;
  private fields = new Map<string, string>();
  /** Bumped by every clear: a reading that began before one keeps nothing. */
  private clears = 0;

  /**
   * A reading for one list under vault key `key` (base64): `done()` keeps what it opened,
   * unless the fields were cleared since it began (the vault locked while it read).
   */
  reading(key: string): { open: OpenField; done: () => void } {
    const before = this.key === key ? this.fields : new Map<string, string>();
    const now = new Map<string, string>();
    const clears = this.clears;
    return {
      open: async (blob, binding, open) => {
        const id = `${JSON.stringify(binding)}\n${toBase64(blob)}`;
        const plain = before.get(id) ?? (await open());
        now.set(id, plain);
        return plain;
      },
      done: () => {
        if (clears !== this.clears) return;
        this.key = key;
        this.fields = now;
      },
    };
  }

  clear(): void {
    this.key = undefined;
    this.fields = new Map();
    this.clears++;
  }

  get holds(): boolean {
    return this.fields.size > 0;
  }
}
