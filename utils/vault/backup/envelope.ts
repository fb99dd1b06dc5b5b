import { fromBase64, toBase64 } from '../../crypto/base64';
import { randomBytes, utf8 } from '../../crypto/bytes';
import { BACKUP_FORMAT, BACKUP_VERSION, type BACKUP_VERSIONS } from './format';

/**
 * The envelope's MAC (format.ts): HMAC-SHA-256 over the format, version, date and body,
 * keyed by HKDF-SHA-256 of the vault key with the file's own salt.
 */
const MAC_INFO = utf8('oncekey backup mac v1');
const MAC_SALT_BYTES = 32;

/** A file's envelope (schema.ts reads and checks it): what its MAC covers, and the MAC. */
interface Sealed {
  version: number;
  createdAt: string;
  body: string;
  mac: { salt: string; hmac: string };
}

async function macKey(vaultKeyRaw: Uint8Array<ArrayBuffer>, salt: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const ikm = await crypto.subtle.importKey('raw', vaultKeyRaw, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt, info: MAC_INFO },
    ikm,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign', 'verify'],
  );
}

/** The bytes the MAC covers: they need no key, so a chosen file kept has them made then (read-files.ts). */
export const macInput = (e: Omit<Sealed, 'mac'>): Uint8Array<ArrayBuffer> =>
  utf8(JSON.stringify([BACKUP_FORMAT, e.version, e.createdAt, e.body]));

/**
 * Wraps a body (the records' JSON) in the envelope with its MAC. Exported for tests, which
 * also write files of an older `version`.
 */
export async function sealBackup(
  body: string,
  vaultKeyRaw: Uint8Array<ArrayBuffer>,
  createdAt: string,
  version: (typeof BACKUP_VERSIONS)[number] = BACKUP_VERSION,
): Promise<string> {
  const salt = randomBytes(MAC_SALT_BYTES);
  const key = await macKey(vaultKeyRaw, salt);
  const hmac = new Uint8Array(await crypto.subtle.sign('HMAC', key, macInput({ version, createdAt, body })));
  return JSON.stringify({
    format: BACKUP_FORMAT,
    version,
    createdAt,
    body,
    mac: { salt: toBase64(salt), hmac: toBase64(hmac) },
  });
}

/** Whether the envelope's MAC is the one this vault key makes; `signed`, its macInput, if made already. */
export async function macMatches(
  envelope: Sealed,
  vaultKeyRaw: Uint8Array<ArrayBuffer>,
  signed: Uint8Array<ArrayBuffer> = macInput(envelope),
): Promise<boolean> {
  const salt = fromBase64(envelope.mac.salt);
  const hmac = fromBase64(envelope.mac.hmac);
  return crypto.subtle.verify('HMAC', await macKey(vaultKeyRaw, salt), hmac, signed);
}
