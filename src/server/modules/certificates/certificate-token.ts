/**
 * The certificate's QR: `GKC1.<payload>.<signature>`, signed with the server's Ed25519 key (platform/signing.ts), the
 * shape of the 准考证's `GKT1.` token. `<payload>` is the base64url of the UTF-8 JSON of the certificate's public data
 * (domain/certificate-number.ts CertificateClaims, opened by `"purpose":"certificate"`), `<signature>` the base64url of
 * the Ed25519 signature of the `<payload>` string's bytes. Anyone holding the published key
 * (GET /api/public/certificates/public-key) can check it offline; README "Verifying a certificate".
 */
import type { KeyObject } from 'node:crypto';
import {
  CERTIFICATE_QR_PREFIX,
  CERTIFICATE_QR_PURPOSE,
  type CertificateClaims,
} from '../../../domain/certificate-number.js';
import { maskIdNumberPublic } from '../../../domain/masking.js';
import { type SigningKey, signToken, verifyToken } from '../../platform/signing.js';

export interface CertificateTokenInput {
  number: string;
  name: string;
  /** In full: masked here, never later. */
  idNumber: string;
  jobType: string;
  grade: number;
  issuedOn: string;
  issuer: string;
}

/** The claims in their fixed order. */
export function certificateClaims(input: CertificateTokenInput): CertificateClaims {
  return {
    v: 1,
    number: input.number,
    name: input.name,
    idNumberMasked: maskIdNumberPublic(input.idNumber),
    jobType: input.jobType,
    grade: input.grade,
    issuedOn: input.issuedOn,
    issuer: input.issuer,
  };
}

/** Signs a certificate's QR text (SIGNING_KEY_MISSING when the server has no key). */
export function signCertificate(key: SigningKey | null, input: CertificateTokenInput): string {
  return signToken(key, CERTIFICATE_QR_PREFIX, CERTIFICATE_QR_PURPOSE, certificateClaims(input));
}

export type CertificateCheck =
  | { ok: true; claims: CertificateClaims }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'wrong_purpose' };

/** Checks a scanned QR text against the public key alone. */
export function verifyCertificate(publicKey: KeyObject, text: string): CertificateCheck {
  const checked = verifyToken(publicKey, CERTIFICATE_QR_PREFIX, CERTIFICATE_QR_PURPOSE, text);
  if (!checked.ok) return checked;
  const c = checked.claims;
  const shaped =
    c.v === 1 &&
    ['number', 'name', 'idNumberMasked', 'jobType', 'issuedOn', 'issuer'].every((k) => typeof c[k] === 'string') &&
    Number.isInteger(c.grade);
  if (!shaped) return { ok: false, reason: 'malformed' };
  return { ok: true, claims: c as unknown as CertificateClaims };
}
