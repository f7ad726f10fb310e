import { describe, expect, it } from 'vitest';
import { checkPassword } from './password-policy.js';

describe('checkPassword', () => {
  it.each([
    ['upper, lower, digit', 'Gongkao2017'],
    ['lower, digit, symbol', 'gongkao#2017'],
    ['upper, lower, symbol', 'Gong-Kao!'],
    ['all four classes', 'Gk#2017henan'],
    ['exactly 8 characters', 'Ab3defgh'],
    ['exactly 64 characters', `Ab3${'x'.repeat(61)}`],
    ['Chinese characters count as symbols', '河南Gongkao'],
  ])('accepts %s', (_label, password) => {
    expect(checkPassword(password)).toEqual({ ok: true });
  });

  it.each([
    ['7 characters', 'Ab3defg', '长度'],
    ['65 characters', `Ab3${'x'.repeat(62)}`, '长度'],
    ['a control character', 'Ab3def\tgh', '控制字符'],
    ['one repeated character', '11111111', '同一个字符'],
    ['two classes only', 'gongkao2017', '至少三类'],
    ['one class only', 'abcdefgh', '至少三类'],
  ])('refuses %s', (_label, password, fragment) => {
    const result = checkPassword(password);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(fragment);
  });

  it('counts characters, not UTF-16 units', () => {
    // Four astral characters are eight UTF-16 units but four characters.
    expect(checkPassword('A1𠀀𠀀𠀀𠀀').ok).toBe(false);
    expect(checkPassword('Ab1𠀀𠀀𠀀𠀀𠀀').ok).toBe(true);
  });

  it('refuses a password containing the username, ignoring case', () => {
    const result = checkPassword('xx-ZhangSan-2017', { username: 'zhangsan' });
    expect(result).toEqual({ ok: false, message: '密码不能包含用户名' });
    expect(checkPassword('Gongkao2017', { username: 'zhangsan' }).ok).toBe(true);
  });

  it('ignores usernames shorter than three characters', () => {
    expect(checkPassword('Gongkao2017', { username: 'go' }).ok).toBe(true);
    expect(checkPassword('Gongkao2017', { username: '  ' }).ok).toBe(true);
  });

  it('refuses a password containing the ID number, ignoring case', () => {
    const idNumber = '11010519491231002X';
    expect(checkPassword('A#11010519491231002x', { idNumber })).toEqual({ ok: false, message: '密码不能包含身份证号' });
    expect(checkPassword('Gongkao2017', { idNumber }).ok).toBe(true);
    expect(checkPassword('Gongkao2017', { idNumber: '' }).ok).toBe(true);
  });
});
