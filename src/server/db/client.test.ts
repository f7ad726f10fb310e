import { describe, expect, it } from 'vitest';
import { containsPattern } from './client.js';

describe('containsPattern', () => {
  it('matches the user text literally, wildcards included', () => {
    expect(containsPattern('郑州')).toBe('%郑州%');
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });
});
