// Resident identity card numbers, GB 11643-1999 (rules.md §4).
// Layout: 6-digit address code (GB/T 2260), birth date YYYYMMDD, 3-digit sequence (its last digit, the 17th
// character, is odd for men and even for women), check character (ISO 7064 MOD 11-2).

import { compareIso, formatIsoDate, isValidCalendarDate, requireIsoDate } from './calendar.js';
import { type Finding, makeFinding } from './findings.js';

export type Sex = 'male' | 'female';

// GB 11643-1999 §8.2: weight of position i is 2^(17-i) mod 11.
const CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
// GB 11643-1999: the check character indexed by (weighted sum mod 11).
const CHECK_CHARACTERS = '10X98765432';

// biome-ignore format: one line per region reads better than one code per line
/** Province-level codes of GB/T 2260 (the first two digits of every address code). */
export const PROVINCE_CODES: readonly string[] = [
  '11', '12', '13', '14', '15', // 北京 天津 河北 山西 内蒙古
  '21', '22', '23', // 辽宁 吉林 黑龙江
  '31', '32', '33', '34', '35', '36', '37', // 上海 江苏 浙江 安徽 福建 江西 山东
  '41', '42', '43', '44', '45', '46', // 河南 湖北 湖南 广东 广西 海南
  '50', '51', '52', '53', '54', // 重庆 四川 贵州 云南 西藏
  '61', '62', '63', '64', '65', // 陕西 甘肃 青海 宁夏 新疆
  '71', '81', '82', // 台湾 香港 澳门
];

export const HENAN_PROVINCE_CODE = '41';

// Staff in post are adults; a birth date before 1900 can only be a typing error.
const EARLIEST_BIRTH_YEAR = 1900;

export interface IdCardInfo {
  /** Normalised: ASCII digits, upper-case X. */
  idNumber: string;
  birthDate: string;
  birthMonth: string;
  sex: Sex;
  addressCode: string;
  provinceCode: string;
  isHenan: boolean;
  warnings: Finding[];
}

export type IdCardResult = ({ ok: true } & IdCardInfo) | { ok: false; error: Finding };

/** The check character for 17 digits, GB 11643-1999. Throws on anything but 17 ASCII digits. */
export function idCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError(`expected 17 digits, got '${first17}'`);
  const sum = CHECK_WEIGHTS.reduce((total, weight, i) => total + weight * Number(first17.charAt(i)), 0);
  return CHECK_CHARACTERS.charAt(sum % 11);
}

/** Appends the check character: makes valid numbers for tests and seed data. */
export function makeIdNumber(first17: string): string {
  return first17 + idCheckCharacter(first17);
}

/**
 * Normalises what people type: NFKC folds full-width digits and letters (common with Chinese input methods)
 * to ASCII, all whitespace goes (numbers are often typed in groups), and a lower-case x becomes X.
 */
export function normalizeIdNumber(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

function idError(code: Parameters<typeof makeFinding>[0], message: string): IdCardResult {
  return { ok: false, error: makeFinding(code, message, 'idNumber') };
}

/**
 * Parses and validates an 18-character ID number as of `today` ('YYYY-MM-DD', passed by the caller).
 * Checks run from the coarse to the fine, so the first error reported is the most useful one.
 */
export function parseIdCard(raw: string, today: string): IdCardResult {
  requireIsoDate(today, 'today');
  const id = normalizeIdNumber(raw);

  if (id === '') return idError('ID_FORMAT', '请填写身份证号');
  if (/^\d{15}$/.test(id)) {
    // First-generation cards (15 digits) ceased to be valid on 2013-01-01 (居民身份证法, 2011 amendment).
    return idError(
      'ID_15_DIGIT',
      '不受理15位第一代身份证号（第一代居民身份证已于2013年1月1日停止使用），请填写18位第二代居民身份证号',
    );
  }
  if (!/^\d{17}[\dX]$/.test(id)) {
    return idError('ID_FORMAT', '身份证号应为18位：前17位为数字，第18位为数字或X（GB 11643-1999）');
  }

  const provinceCode = id.slice(0, 2);
  if (!PROVINCE_CODES.includes(provinceCode)) {
    return idError('ID_ADDRESS_CODE', `身份证号前两位“${provinceCode}”不是有效的省级行政区划代码（GB/T 2260）`);
  }

  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (!isValidCalendarDate(year, month, day)) {
    return idError('ID_BIRTH_DATE', `身份证号第7至14位“${id.slice(6, 14)}”不是有效的出生日期（GB 11643-1999）`);
  }
  if (year < EARLIEST_BIRTH_YEAR) {
    return idError('ID_BIRTH_DATE', `身份证号中的出生日期早于${EARLIEST_BIRTH_YEAR}年，请核对`);
  }
  const birthDate = formatIsoDate(year, month, day);
  if (compareIso(birthDate, today) > 0) {
    return idError('ID_BIRTH_FUTURE', `身份证号中的出生日期${birthDate}晚于今天，请核对`);
  }

  // Deliberately does not reveal the expected character: a wrong check character usually means a typo
  // elsewhere, and "fixing" the last character would only hide it.
  if (idCheckCharacter(id.slice(0, 17)) !== id.charAt(17)) {
    return idError('ID_CHECKSUM', '身份证号校验位（第18位）不正确，请逐位核对号码（GB 11643-1999）');
  }

  const isHenan = provinceCode === HENAN_PROVINCE_CODE;
  const warnings: Finding[] = isHenan
    ? []
    : [makeFinding('ID_NOT_HENAN', '身份证号不是河南省签发（非41开头），请核实身份证号及本人在豫工作情况', 'idNumber')];

  return {
    ok: true,
    idNumber: id,
    birthDate,
    birthMonth: birthDate.slice(0, 7),
    // GB 11643-1999: the last digit of the sequence code is odd for men, even for women.
    sex: Number(id.charAt(16)) % 2 === 1 ? 'male' : 'female',
    addressCode: id.slice(0, 6),
    provinceCode,
    isHenan,
    warnings,
  };
}
