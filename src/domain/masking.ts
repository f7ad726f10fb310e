// Masking personal identifiers for viewers who need to find a person but not to read the full number
// (supervising departments, jurisdiction and province offices in lists): 4101**********2016.

const KEEP_START = 4;
const KEEP_END = 4;

/**
 * Keeps the first four characters (the city of issue) and the last four (the usual way people tell numbers
 * apart) and replaces the rest with asterisks, one per character, so the length still shows. Values too
 * short to keep both ends are masked whole.
 */
export function maskIdNumber(idNumber: string, keepStart = KEEP_START): string {
  const chars = [...idNumber.trim()];
  if (chars.length <= keepStart + KEEP_END) return '*'.repeat(chars.length);
  return (
    chars.slice(0, keepStart).join('') +
    '*'.repeat(chars.length - keepStart - KEEP_END) +
    chars.slice(chars.length - KEEP_END).join('')
  );
}

/**
 * The ID number as the public sees it in notices and on a QR anyone can photograph: the six digits of the issuing
 * district and the last four, 410105********1234 (the form of issue 16's publicity, and of gk_exam_candidate in
 * migration 0020).
 */
export function maskIdNumberPublic(idNumber: string): string {
  return maskIdNumber(idNumber, 6);
}
