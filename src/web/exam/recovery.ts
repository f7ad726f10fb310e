// The recovery file (.gkr, docs/api-exam-day.md): when the network stays down, the candidate's unsaved changes leave
// the PC on a USB stick, readable only by the server. X25519 between a fresh ephemeral key and the server's recovery
// key, HKDF-SHA256 (salt = iv, info = 'gongkao recovery v1'), AES-256-GCM (ciphertext followed by its 16-byte tag).
import { gcm } from '@noble/ciphers/aes.js';
import { randomBytes } from '@noble/ciphers/utils.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { RecoveryFile, RecoveryPlaintext } from '../../server/modules/delivery/delivery.schemas.js';

/** The contract's RECOVERY_INFO (a value of a contract is not imported into the web build). */
export const RECOVERY_INFO = 'gongkao recovery v1';

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The AES key of a file: both ends derive it, the client from its ephemeral secret, the server from its own. */
export function recoveryKey(sharedSecret: Uint8Array, iv: Uint8Array): Uint8Array {
  return hkdf(sha256, sharedSecret, iv, new TextEncoder().encode(RECOVERY_INFO), 32);
}

/** Seals the journal for the server whose recovery public key (raw 32 bytes, base64url) is `serverPublicKey`. */
export function sealRecoveryFile(plaintext: RecoveryPlaintext, serverPublicKey: string): RecoveryFile {
  const serverKey = fromBase64Url(serverPublicKey);
  if (serverKey.length !== 32) throw new RangeError('the recovery key is not 32 bytes');
  const ephemeralSecret = x25519.utils.randomSecretKey();
  const ephemeralPublic = x25519.getPublicKey(ephemeralSecret);
  const iv = randomBytes(12);
  const key = recoveryKey(x25519.getSharedSecret(ephemeralSecret, serverKey), iv);
  const ciphertext = gcm(key, iv).encrypt(new TextEncoder().encode(JSON.stringify(plaintext)));
  return {
    v: 1,
    ticketNumber: plaintext.ticketNumber,
    sessionId: plaintext.sessionId,
    ephemeralPublicKey: toBase64Url(ephemeralPublic),
    iv: toBase64Url(iv),
    ciphertext: toBase64Url(ciphertext),
  };
}

/** Opens a file with the server's secret key (what the proctor's upload does; here for the tests). */
export function openRecoveryFile(file: RecoveryFile, serverSecretKey: Uint8Array): RecoveryPlaintext {
  const iv = fromBase64Url(file.iv);
  const key = recoveryKey(x25519.getSharedSecret(serverSecretKey, fromBase64Url(file.ephemeralPublicKey)), iv);
  return JSON.parse(new TextDecoder().decode(gcm(key, iv).decrypt(fromBase64Url(file.ciphertext))));
}

/** The file's name: the ticket and the moment, so that two files of one candidate do not overwrite each other. */
export function recoveryFileName(ticketNumber: string, createdAt: string): string {
  return `恢复文件-${ticketNumber}-${createdAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.gkr`;
}
