import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeCreditCode, validateCreditCode } from './credit-code.js';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

describe('validateCreditCode (GB 32100-2015)', () => {
  it('accepts 91350100M000100Y43', () => {
    // Values 9 1 3 5 0 1 0 0 M=21 0 0 0 1 0 0 Y=30 4, weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28:
    // 9 + 3 + 27 + 135 + 0 + 26 + 0 + 0 + 420 + 0 + 0 + 0 + 8 + 0 + 0 + 900 + 112 = 1640;
    // 1640 mod 31 = 28; 31 − 28 = 3 → '3'.
    expect(validateCreditCode('91350100M000100Y43')).toEqual({
      ok: true,
      code: '91350100M000100Y43',
      registrationAuthority: '9',
      orgType: '1',
      regionCode: '350100',
    });
  });

  it('accepts 91110000600037341L', () => {
    // Values 9 1 1 1 0 0 0 0 6 0 0 0 3 7 3 4 1:
    // 9 + 3 + 9 + 27 + 0 + 0 + 0 + 0 + 120 + 0 + 0 + 0 + 24 + 168 + 30 + 120 + 28 = 538;
    // 538 mod 31 = 11; 31 − 11 = 20 → CHARSET[20] = 'L'.
    expect(validateCreditCode('91110000600037341L')).toMatchObject({ ok: true, regionCode: '110000' });
  });

  it('normalises spaces, lower case and full-width characters', () => {
    expect(validateCreditCode(' 91350100m000100y43 ')).toMatchObject({ ok: true, code: '91350100M000100Y43' });
    expect(validateCreditCode('９１３５０１００Ｍ０００１００Ｙ４３')).toMatchObject({ ok: true });
  });

  it('writes a check value of 31 as 0', () => {
    // Σ of seventeen zeros is 0; 31 − 0 = 31 → '0'.
    expect(makeCreditCode('00000000000000000')).toBe('000000000000000000');
  });

  it.each([
    ['empty', '', 'CREDIT_CODE_FORMAT'],
    ['17 characters', '91350100M000100Y4', 'CREDIT_CODE_FORMAT'],
    ['19 characters', '91350100M000100Y431', 'CREDIT_CODE_FORMAT'],
    ['letter I', '91350100I000100Y43', 'CREDIT_CODE_FORMAT'],
    ['letter O', '91350100O000100Y43', 'CREDIT_CODE_FORMAT'],
    ['letter Z, S or V', '91350100Z000100S4V', 'CREDIT_CODE_FORMAT'],
    ['symbol', '91350100-000100Y43', 'CREDIT_CODE_FORMAT'],
    ['letter in the region code', makeCreditCode('9135A100M000100Y4'), 'CREDIT_CODE_FORMAT'],
    ['wrong check character', '91350100M000100Y44', 'CREDIT_CODE_CHECKSUM'],
  ])('refuses %s', (_label, raw, code) => {
    const result = validateCreditCode(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe(code);
      expect(result.message).toContain('统一社会信用代码');
    }
  });

  it('refuses to make a code from bad input', () => {
    expect(() => makeCreditCode('9135')).toThrow(RangeError);
    expect(() => makeCreditCode('91350100I000100Y4')).toThrow(RangeError);
  });

  it('round-trips makeCreditCode and catches every single substitution', () => {
    const body = fc
      .tuple(
        fc.stringMatching(/^[0-9A-HJ-NP-RTUWXY]{2}$/),
        fc.stringMatching(/^\d{6}$/),
        fc.stringMatching(/^[0-9A-HJ-NP-RTUWXY]{9}$/),
      )
      .map(([head, region, org]) => head + region + org);
    fc.assert(
      fc.property(body, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (first17, at, shift) => {
        const code = makeCreditCode(first17);
        expect(validateCreditCode(code)).toMatchObject({ ok: true, code });
        // MOD 31-3 with 31 prime and weights coprime to 31 detects any single substitution.
        const replaced = CHARSET.charAt((CHARSET.indexOf(code.charAt(at)) + shift) % 31);
        const altered = code.slice(0, at) + replaced + code.slice(at + 1);
        expect(validateCreditCode(altered).ok).toBe(false);
      }),
    );
  });
});
