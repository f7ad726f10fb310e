// Certificate numbers (证书编号, issue 16 part 5) and what a certificate shows the public.
//
// Structure, 16 digits, written without spaces:
//
//   2026 410100 4 00017      (written 2026410100400017)
//   │    │      │ └ serial, 00001–99999, per (year, jurisdiction): the n-th certificate that jurisdiction issued that
//   │    │      │   year, whatever the grade (allocated from a counter row in the issuing transaction, so two batches
//   │    │      │   never take the same serial)
//   │    │      └ grade: 5 五级 … 2 二级 (1 一级)
//   │    └ the candidate's jurisdiction's 行政区划代码, as in 准考证号 and batch numbers: 郑州 410100, 济源 419001, …;
//   │      省直单位 and 中央驻豫单位 under 410000 (PROVINCE_REGION_CODE)
//   └ the campaign's year
//
// Unique: (year, jurisdiction, serial) is unique by the counter and by a unique constraint in the database, and the
// number is unique as a column too. A lost certificate is reissued under a new number (the old one revoked, 遗失补发).

export const CERTIFICATE_NUMBER_LENGTH = 16;
export const CERTIFICATE_SERIAL_MAX = 99_999;

export interface CertificateNumberParts {
  /** Campaign year, 2000–2099 (tests use years up to 3999). */
  year: number;
  /** 6-digit 行政区划代码 of the candidate's jurisdiction (410000 for 省直/中央驻豫). */
  regionCode: string;
  /** 1–5. */
  grade: number;
  /** 1–99999 within (year, jurisdiction). */
  serial: number;
}

/** Writes the number; throws RangeError on parts out of range (a programming error, never input). */
export function encodeCertificateNumber(p: CertificateNumberParts): string {
  if (!Number.isInteger(p.year) || p.year < 1000 || p.year > 9999) throw new RangeError(`year ${p.year}`);
  if (!/^\d{6}$/.test(p.regionCode)) throw new RangeError(`region code ${p.regionCode}`);
  if (!Number.isInteger(p.grade) || p.grade < 1 || p.grade > 5) throw new RangeError(`grade ${p.grade}`);
  if (!Number.isInteger(p.serial) || p.serial < 1 || p.serial > CERTIFICATE_SERIAL_MAX) {
    throw new RangeError(`serial ${p.serial}`);
  }
  return `${p.year}${p.regionCode}${p.grade}${String(p.serial).padStart(5, '0')}`;
}

/** Reads a number back into its parts, or null when it is not one (spaces and dashes typed in are ignored). */
export function decodeCertificateNumber(raw: string): CertificateNumberParts | null {
  const n = normalizeCertificateNumber(raw);
  const m = /^(\d{4})(\d{6})([1-5])(\d{5})$/.exec(n);
  if (!m) return null;
  const serial = Number(m[4]);
  if (serial < 1) return null;
  return { year: Number(m[1]), regionCode: m[2]!, grade: Number(m[3]), serial };
}

/** What people type: full-width digits, spaces and dashes removed. */
export function normalizeCertificateNumber(raw: string): string {
  return raw.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\s\-－—]/g, '');
}

/**
 * A name as the public sees it on the verification page: the first and last characters kept, the ones between
 * starred (周丽娟 → 周*娟, 欧阳明月 → 欧**月); a two-character name keeps its first (王芳 → 王*).
 */
export function maskHolderName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** 证书状态. */
export const CERTIFICATE_STATUSES = ['valid', 'revoked'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];
export const CERTIFICATE_STATUS_LABELS: Readonly<Record<CertificateStatus, string>> = {
  valid: '有效',
  revoked: '已撤销',
};

/** The revocation reason of a lost certificate reissued under a new number. */
export const REISSUE_REASON = '遗失补发';

/** The QR text's prefix and the purpose its JSON opens with (platform/signing.ts). */
export const CERTIFICATE_QR_PREFIX = 'GKC1';
export const CERTIFICATE_QR_PURPOSE = 'certificate';

/**
 * What the QR's payload says, in this order after `purpose` (README "Verifying a certificate"): the public data of
 * the certificate, the ID number masked as in public notices.
 */
export interface CertificateClaims {
  v: 1;
  number: string;
  name: string;
  /** `410105********1234`. */
  idNumberMasked: string;
  jobType: string;
  /** 5 五级 … 2 二级. */
  grade: number;
  /** YYYY-MM-DD (Beijing). */
  issuedOn: string;
  issuer: string;
}
