import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeCertificateNumber,
  encodeCertificateNumber,
  maskHolderName,
  normalizeCertificateNumber,
} from './certificate-number.js';

describe('certificate numbers', () => {
  it('writes year, region code, grade and a five-digit serial', () => {
    expect(encodeCertificateNumber({ year: 2017, regionCode: '410100', grade: 4, serial: 17 })).toBe(
      '2017410100400017',
    );
    expect(encodeCertificateNumber({ year: 2026, regionCode: '410000', grade: 2, serial: 99_999 })).toBe(
      '2026410000299999',
    );
  });

  it('refuses parts out of range', () => {
    expect(() => encodeCertificateNumber({ year: 2017, regionCode: '4101', grade: 4, serial: 1 })).toThrow(RangeError);
    expect(() => encodeCertificateNumber({ year: 2017, regionCode: '410100', grade: 6, serial: 1 })).toThrow();
    expect(() => encodeCertificateNumber({ year: 2017, regionCode: '410100', grade: 4, serial: 0 })).toThrow();
    expect(() => encodeCertificateNumber({ year: 2017, regionCode: '410100', grade: 4, serial: 100_000 })).toThrow();
  });

  it('decodes what it encodes, and nothing else', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2000, max: 2099 }),
        fc.stringMatching(/^\d{6}$/),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 99_999 }),
        (year, regionCode, grade, serial) => {
          const parts = { year, regionCode, grade, serial };
          const n = encodeCertificateNumber(parts);
          expect(n).toMatch(/^\d{16}$/);
          expect(decodeCertificateNumber(n)).toEqual(parts);
        },
      ),
    );
    expect(decodeCertificateNumber('2017 410100-4-00017')).toEqual({
      year: 2017,
      regionCode: '410100',
      grade: 4,
      serial: 17,
    });
    expect(decodeCertificateNumber('201741010040001')).toBeNull();
    expect(decodeCertificateNumber('2017410100600017')).toBeNull();
    expect(decodeCertificateNumber('2017410100400000')).toBeNull();
    expect(normalizeCertificateNumber('２０１７ 4101')).toBe('20174101');
  });

  it('masks names between their first and last characters', () => {
    expect(maskHolderName('周丽娟')).toBe('周*娟');
    expect(maskHolderName('欧阳明月')).toBe('欧**月');
    expect(maskHolderName('王芳')).toBe('王*');
    expect(maskHolderName('王')).toBe('王');
  });
});
