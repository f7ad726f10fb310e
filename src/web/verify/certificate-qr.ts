/**
 * Checking a certificate's QR text in the browser (WebCrypto Ed25519): `GKC1.<payload>.<signature>`, the signature
 * over the payload string's bytes, checked against the published SPKI PEM key; then the payload read. The same steps
 * as README "Verifying a certificate" with node:crypto. Pure but for crypto.subtle.
 */
import { CERTIFICATE_QR_PREFIX, CERTIFICATE_QR_PURPOSE, type CertificateClaims } from '../../domain/certificate-number';

export type QrCheck =
  | { ok: true; claims: CertificateClaims }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'wrong_purpose' | 'unsupported' };

export const QR_REFUSALS: Record<Exclude<QrCheck, { ok: true }>['reason'], string> = {
  malformed: '不是本系统证书的二维码内容',
  bad_signature: '签名无效：二维码内容被改动，或并非本系统签发',
  wrong_purpose: '签名有效，但这不是证书的二维码（可能是准考证）',
  unsupported: '此浏览器不支持 Ed25519 验签，请使用新版 Chrome / Edge / Firefox / Safari',
};

const B64URL = /^[A-Za-z0-9_-]+$/;

export function base64UrlBytes(text: string): Uint8Array<ArrayBuffer> {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function pemBytes(pem: string): Uint8Array<ArrayBuffer> {
  const body = pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '');
  const bin = atob(body);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Is this text a certificate's QR (its shape only)? */
export function looksLikeCertificateQr(text: string): boolean {
  return text.trim().startsWith(`${CERTIFICATE_QR_PREFIX}.`);
}

export async function importPublicKey(pem: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('spki', pemBytes(pem), { name: 'Ed25519' }, false, ['verify']);
}

/** Verifies the text against the key; never throws. */
export async function verifyCertificateQr(key: CryptoKey, text: string): Promise<QrCheck> {
  const parts = text.trim().split('.');
  if (parts.length !== 3 || parts[0] !== CERTIFICATE_QR_PREFIX) return { ok: false, reason: 'malformed' };
  const [, payload, signature] = parts as [string, string, string];
  if (!B64URL.test(payload) || !B64URL.test(signature)) return { ok: false, reason: 'malformed' };
  let valid = false;
  try {
    valid = await crypto.subtle.verify(
      { name: 'Ed25519' },
      key,
      base64UrlBytes(signature),
      new TextEncoder().encode(payload),
    );
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'bad_signature' };
  let claims: unknown;
  try {
    claims = JSON.parse(new TextDecoder().decode(base64UrlBytes(payload)));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!claims || typeof claims !== 'object') return { ok: false, reason: 'malformed' };
  const { purpose, ...rest } = claims as Record<string, unknown>;
  if (purpose !== CERTIFICATE_QR_PURPOSE) return { ok: false, reason: 'wrong_purpose' };
  if (typeof rest.number !== 'string' || typeof rest.name !== 'string') return { ok: false, reason: 'malformed' };
  return { ok: true, claims: rest as unknown as CertificateClaims };
}
