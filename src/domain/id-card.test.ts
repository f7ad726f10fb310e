import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIsoDate } from './calendar.js';
import { idCheckCharacter, makeIdNumber, normalizeIdNumber, PROVINCE_CODES, parseIdCard } from './id-card.js';

const TODAY = '2017-02-10';

function errorCode(raw: string, today = TODAY): string | undefined {
  const result = parseIdCard(raw, today);
  return result.ok ? undefined : result.error.code;
}

describe('idCheckCharacter (GB 11643-1999)', () => {
  it('matches the example printed in the standard: 11010519491231002X', () => {
    // Σ = 1·7+1·9+0·10+1·5+0·8+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0·8+0·4+2·2 = 167; 167 mod 11 = 2 → 'X'.
    expect(idCheckCharacter('11010519491231002')).toBe('X');
  });

  it('computes a digit check character', () => {
    // Σ over 44052418800101001 = 195; 195 mod 11 = 8 → "10X98765432"[8] = '4'.
    expect(idCheckCharacter('44052418800101001')).toBe('4');
  });

  it('refuses anything but 17 digits', () => {
    expect(() => idCheckCharacter('1234')).toThrow(RangeError);
    expect(() => makeIdNumber('4101021980051512X')).toThrow(RangeError);
  });
});

describe('parseIdCard', () => {
  const henanMan = makeIdNumber('41010219800515123'); // 17th digit 3: odd → male

  it('parses a valid Henan number', () => {
    expect(parseIdCard(henanMan, TODAY)).toEqual({
      ok: true,
      idNumber: henanMan,
      birthDate: '1980-05-15',
      birthMonth: '1980-05',
      sex: 'male',
      addressCode: '410102',
      provinceCode: '41',
      isHenan: true,
      warnings: [],
    });
  });

  it('reads an even 17th digit as female', () => {
    const result = parseIdCard(makeIdNumber('41010219800515124'), TODAY);
    expect(result.ok && result.sex).toBe('female');
  });

  it('accepts the standard example with a check character X, in lower case and with spaces', () => {
    const result = parseIdCard('  110105 19491231 002x ', TODAY);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.idNumber).toBe('11010519491231002X');
      expect(result.isHenan).toBe(false);
      expect(result.warnings).toEqual([expect.objectContaining({ code: 'ID_NOT_HENAN', severity: 'warning' })]);
    }
  });

  it('folds full-width digits typed with a Chinese input method', () => {
    expect(normalizeIdNumber('１１０１０５１９４９１２３１００２ｘ')).toBe('11010519491231002X');
    expect(parseIdCard('１１０１０５１９４９１２３１００２ｘ', TODAY).ok).toBe(true);
  });

  it.each([
    ['empty', '', 'ID_FORMAT'],
    ['blank', '   ', 'ID_FORMAT'],
    ['15-digit first-generation number', '410102800515123', 'ID_15_DIGIT'],
    ['too short', '4101021980051512', 'ID_FORMAT'],
    ['too long', `${henanMan}1`, 'ID_FORMAT'],
    ['letter inside', '41010219800515A23X', 'ID_FORMAT'],
    ['X not last', '4101021980051512X3', 'ID_FORMAT'],
    ['province 00', makeIdNumber('00010219800515123'), 'ID_ADDRESS_CODE'],
    ['province 16 (unused)', makeIdNumber('16010219800515123'), 'ID_ADDRESS_CODE'],
    ['province 91', makeIdNumber('91010219800515123'), 'ID_ADDRESS_CODE'],
    ['month 13', makeIdNumber('41010219801315123'), 'ID_BIRTH_DATE'],
    ['month 00', makeIdNumber('41010219800015123'), 'ID_BIRTH_DATE'],
    ['day 00', makeIdNumber('41010219800500123'), 'ID_BIRTH_DATE'],
    ['31 April', makeIdNumber('41010219800431123'), 'ID_BIRTH_DATE'],
    ['29 February of a common year', makeIdNumber('41010219810229123'), 'ID_BIRTH_DATE'],
    ['29 February 1900 (century, not leap)', makeIdNumber('41010219000229123'), 'ID_BIRTH_DATE'],
    ['before 1900', makeIdNumber('41010218991231123'), 'ID_BIRTH_DATE'],
    ['born tomorrow', makeIdNumber('41010220170211123'), 'ID_BIRTH_FUTURE'],
    ['wrong check digit', '410102198005151230', 'ID_CHECKSUM'],
  ])('refuses %s', (_label, raw, code) => {
    expect(errorCode(raw)).toBe(code);
  });

  it('accepts leap days and the edges of the allowed range', () => {
    expect(errorCode(makeIdNumber('41010219800229123'))).toBeUndefined(); // 1980 leap
    expect(errorCode(makeIdNumber('41010220000229123'))).toBeUndefined(); // 2000 leap (÷400)
    expect(errorCode(makeIdNumber('41010219000101123'))).toBeUndefined(); // 1900-01-01
    expect(errorCode(makeIdNumber('41010220170210123'))).toBeUndefined(); // born today
  });

  it('explains the refusals in Chinese on the idNumber field', () => {
    const fifteen = parseIdCard('410102800515123', TODAY);
    expect(fifteen.ok).toBe(false);
    if (!fifteen.ok) {
      expect(fifteen.error).toMatchObject({ severity: 'error', field: 'idNumber' });
      expect(fifteen.error.message).toContain('2013');
    }
    const checksum = parseIdCard('410102198005151230', TODAY);
    if (!checksum.ok) expect(checksum.error.message).toContain('校验位');
  });

  it('throws on a malformed today (a caller bug, not user input)', () => {
    expect(() => parseIdCard(henanMan, '2017-02-30')).toThrow(RangeError);
  });
});

describe('parseIdCard properties', () => {
  const validDate = fc
    .record({
      year: fc.integer({ min: 1900, max: 2016 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 31 }),
    })
    .filter(({ year, month, day }) => new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day);
  const first17 = fc
    .tuple(fc.constantFrom(...PROVINCE_CODES), fc.stringMatching(/^\d{4}$/), validDate, fc.stringMatching(/^\d{3}$/))
    .map(([province, area, d, sequence]) => ({
      first17: `${province}${area}${formatIsoDate(d.year, d.month, d.day).replaceAll('-', '')}${sequence}`,
      birthDate: formatIsoDate(d.year, d.month, d.day),
      province,
    }));

  it('makeIdNumber round-trips through parseIdCard for any valid birth date', () => {
    fc.assert(
      fc.property(first17, ({ first17: digits, birthDate, province }) => {
        const id = makeIdNumber(digits);
        const result = parseIdCard(id, TODAY);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.idNumber).toBe(id);
        expect(result.birthDate).toBe(birthDate);
        expect(result.birthMonth).toBe(birthDate.slice(0, 7));
        expect(result.sex).toBe(Number(digits.charAt(16)) % 2 === 1 ? 'male' : 'female');
        expect(result.provinceCode).toBe(province);
        expect(result.isHenan).toBe(province === '41');
        expect(result.warnings.length).toBe(province === '41' ? 0 : 1);
      }),
    );
  });

  it('rejects every single-character substitution (MOD 11-2 detects them all)', () => {
    fc.assert(
      fc.property(
        first17,
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 1, max: 10 }),
        ({ first17: digits }, position, shift) => {
          const id = makeIdNumber(digits);
          const alphabet = '0123456789X';
          const original = alphabet.indexOf(id.charAt(position));
          // Positions 1-17 take digits only; the 18th may also be X.
          const size = position === 17 ? 11 : 10;
          const replacement = alphabet.charAt((original + (shift % size || 1)) % size);
          fc.pre(replacement !== id.charAt(position));
          const altered = id.slice(0, position) + replacement + id.slice(position + 1);
          expect(parseIdCard(altered, TODAY).ok).toBe(false);
        },
      ),
    );
  });
});
