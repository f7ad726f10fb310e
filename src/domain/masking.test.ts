import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskIdNumberPublic } from './masking.js';

describe('maskIdNumber', () => {
  it.each([
    ['410105198001012016', '4101**********2016'],
    ['41010519800101201X', '4101**********201X'],
    [' 410105198001012016 ', '4101**********2016'],
    ['123456789', '1234*6789'],
    ['12345678', '********'],
    ['', ''],
  ])('%s → %s', (input, masked) => {
    expect(maskIdNumber(input)).toBe(masked);
  });

  it('keeps the length of an 18-character number', () => {
    expect(maskIdNumber('410105198001012016')).toHaveLength(18);
  });
});

describe('maskIdNumberPublic', () => {
  it('keeps the six digits of the issuing district and the last four', () => {
    expect(maskIdNumberPublic('410105199003071234')).toBe('410105********1234');
    expect(maskIdNumberPublic('4101051234')).toBe('**********');
  });
});
