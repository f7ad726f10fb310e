import { describe, expect, it } from 'vitest';
import { creditCodeShapeOk, diffRows, formatDateTime, isLocked, loginUrl, safeRedirect } from './util';

describe('safeRedirect', () => {
  it('keeps same-site paths', () => {
    expect(safeRedirect('/org?node=5')).toBe('/org?node=5');
    expect(safeRedirect('/accounts')).toBe('/accounts');
  });
  it('rejects anything that could leave the site or loop', () => {
    for (const bad of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'org',
      '/login',
      '/login?x=1',
      '/a\nb',
    ]) {
      expect(safeRedirect(bad)).toBe('/');
    }
    expect(safeRedirect(null)).toBe('/');
  });
});

describe('loginUrl', () => {
  it('carries the way back and the expiry flag', () => {
    expect(loginUrl('/org?node=5', true)).toBe('/login?redirect=%2Forg%3Fnode%3D5&expired=1');
    expect(loginUrl('/', false)).toBe('/login');
    expect(loginUrl('/login', true)).toBe('/login?expired=1');
  });
});

describe('diffRows', () => {
  it('compares key by key', () => {
    const rows = diffRows({ name: 'A', code: null, x: { b: 1, a: 2 } }, { name: 'B', x: { a: 2, b: 1 }, active: true });
    expect(rows).toEqual([
      { key: 'name', before: 'A', after: 'B', change: 'changed' },
      { key: 'code', before: null, after: undefined, change: 'removed' },
      { key: 'x', before: { b: 1, a: 2 }, after: { a: 2, b: 1 }, change: 'same' },
      { key: 'active', before: undefined, after: true, change: 'added' },
    ]);
  });
  it('handles a missing side', () => {
    expect(diffRows(null, { a: 1 })).toEqual([{ key: 'a', before: undefined, after: 1, change: 'added' }]);
  });
});

describe('helpers', () => {
  it('checks the shape of a credit code', () => {
    expect(creditCodeShapeOk('91410100MA44XXXX0A')).toBe(true);
    expect(creditCodeShapeOk('91410100ma44xxxx0a')).toBe(false);
    expect(creditCodeShapeOk('9141010')).toBe(false);
    expect(creditCodeShapeOk('91410100MA44XXXXOA')).toBe(false); // O is not used
  });
  it('knows when an account is locked', () => {
    expect(isLocked(null)).toBe(false);
    expect(isLocked('2030-01-01T00:00:00Z', Date.parse('2029-01-01T00:00:00Z'))).toBe(true);
    expect(isLocked('2020-01-01T00:00:00Z')).toBe(false);
  });
});

describe('formatDateTime', () => {
  it('shows Beijing time whatever the browser zone', () => {
    expect(formatDateTime('2017-02-10T03:55:31.000Z')).toBe('2017-02-10 11:55:31');
    expect(formatDateTime(null)).toBe('—');
  });
});
