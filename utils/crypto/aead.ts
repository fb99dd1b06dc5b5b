import { concat, utf8 } from './bytes';
import { tampered, VaultError } from './errors';

/**
 * AES-256-GCM with the record it belongs to as additional authenticated data, so a
 * ciphertext copied into another record, field or version fails to decrypt.
 *
 * Layout: [format][12-byte IV][ciphertext + 16-byte tag]. Format 1 is "encrypted with the
 * vault key"; sealed values (seal.ts) use format 2.
 */
export const FORMAT_VAULT_KEY = 1;
export const FORMAT_SEALED = 2;
const IV_LENGTH = 12;

/** What a ciphertext is bound to. Every part ends up in the AAD. */
export interface Binding {
  table: string;
  id: string;
  field: string;
  version: number;
  /** Plain metadata of the record that must not change under the ciphertext (kind, App...). */
  context?: Record<string, string | number>;
}

export function bindingBytes(binding: Binding): Uint8Array<ArrayBuffer> {
  const context = Object.entries(binding.context ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  return utf8(JSON.stringify(['oncekey/1', binding.table, binding.id, binding.field, binding.version, context]));
}

export async function importAesKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

export async function encrypt(
  key: CryptoKey,
  plaintext: Uint8Array<ArrayBuffer>,
  binding: Binding,
  format = FORMAT_VAULT_KEY,
): Promise<Uint8Array<ArrayBuffer>> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_LENGTH));
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: bindingBytes(binding) },
    key,
    plaintext,
  );
  return concat(Uint8Array.of(format), iv, new Uint8Array(ct));
}

export function formatOf(blob: Uint8Array, what: string): number {
  const format = blob[0];
  if (format !== FORMAT_VAULT_KEY && format !== FORMAT_SEALED) {
    throw new VaultError(
      'unsupported-format',
      `${what} was written in a format this version of OnceKey does not know.`,
    );
  }
  return format;
}

/** `binding`: what the ciphertext is bound to, or its bytes (bindingBytes) made before. */
export async function decrypt(
  key: CryptoKey,
  blob: Uint8Array,
  binding: Binding | Uint8Array<ArrayBuffer>,
  what: string,
  offset = 1,
): Promise<Uint8Array<ArrayBuffer>> {
  if (blob.length < offset + IV_LENGTH + 16) throw tampered(what);
  const iv = blob.slice(offset, offset + IV_LENGTH);
  const ct = blob.slice(offset + IV_LENGTH);
  try {
    const additionalData = binding instanceof Uint8Array ? binding : bindingBytes(binding);
    const pt = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData }, key, ct);
    return new Uint8Array(pt);
  } catch {
    throw tampered(what);
  }
}
