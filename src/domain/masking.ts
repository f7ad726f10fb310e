// Masking personal identifiers for viewers who need to find a person but not to read the full number
// (supervising departments, jurisdiction and province offices in lists): 4101**********2016.

const KEEP_START = 4;
const KEEP_END = 4;

/**
 * Keeps the first four characters (the city of issue) and the last four (the usual way people tell numbers
 * apart) and replaces the rest with asterisks, one per character, so the length still shows. Values too
 * short to keep both ends are masked whole.
 */
export function maskIdNumber(idNumber: string): string {
  const chars = [...idNumber.trim()];
  if (chars.length <= KEEP_START + KEEP_END) return '*'.repeat(chars.length);
  return (
    chars.slice(0, KEEP_START).join('') +
    '*'.repeat(chars.length - KEEP_START - KEEP_END) +
    chars.slice(chars.length - KEEP_END).join('')
  );
}
