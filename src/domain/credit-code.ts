// 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters.
// Position 1: registration authority (登记管理部门代码); 2: organisation type (机构类别代码); 3-8: administrative
// region of the registering authority (GB/T 2260); 9-17: organisation code (主体标识码); 18: check character.

// GB 32100-2015 Table 1: the 31 characters in use; I, O, Z, S and V are left out as easily confused.
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// GB 32100-2015 §5: weight of position i is 3^(i-1) mod 31.
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export type CreditCodeResult =
  | { ok: true; code: string; registrationAuthority: string; orgType: string; regionCode: string }
  | { ok: false; code: 'CREDIT_CODE_FORMAT' | 'CREDIT_CODE_CHECKSUM'; message: string };

function checkCharacter(first17: string): string {
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * CHARSET.indexOf(first17.charAt(i)), 0);
  // GB 32100-2015 §5: C18 = 31 − (Σ mod 31); the value 31 is written as '0'.
  return CHARSET.charAt((31 - (sum % 31)) % 31);
}

function isCodeText(text: string): boolean {
  return [...text].every((ch) => CHARSET.includes(ch));
}

/** Appends the check character to 17 characters of the code's alphabet (tests and seed data). */
export function makeCreditCode(first17: string): string {
  if (first17.length !== 17 || !isCodeText(first17)) {
    throw new RangeError(`expected 17 characters of '${CHARSET}', got '${first17}'`);
  }
  return first17 + checkCharacter(first17);
}

/** Normalises like the ID number: full-width characters folded (NFKC), whitespace removed, upper case. */
export function normalizeCreditCode(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

export function validateCreditCode(raw: string): CreditCodeResult {
  const code = normalizeCreditCode(raw);
  if (code.length !== 18 || !isCodeText(code)) {
    return {
      ok: false,
      code: 'CREDIT_CODE_FORMAT',
      message: '统一社会信用代码应为18位数字或大写字母（不使用I、O、Z、S、V）（GB 32100-2015）',
    };
  }
  const regionCode = code.slice(2, 8);
  if (!/^\d{6}$/.test(regionCode)) {
    return {
      ok: false,
      code: 'CREDIT_CODE_FORMAT',
      message: '统一社会信用代码第3至8位应为行政区划代码（6位数字）（GB 32100-2015）',
    };
  }
  if (checkCharacter(code.slice(0, 17)) !== code.charAt(17)) {
    return {
      ok: false,
      code: 'CREDIT_CODE_CHECKSUM',
      message: '统一社会信用代码校验位（第18位）不正确，请逐位核对（GB 32100-2015）',
    };
  }
  return { ok: true, code, registrationAuthority: code.charAt(0), orgType: code.charAt(1), regionCode };
}
