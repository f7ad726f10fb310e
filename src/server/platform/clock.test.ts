import { describe, expect, it } from 'vitest';
import { chinaDate, clockFor, FixedClock, systemClock } from './clock.js';

describe('clocks', () => {
  it('moves today to APP_TODAY and lets time pass', async () => {
    const clock = clockFor('2017-02-10');
    expect(chinaDate(clock.now())).toBe('2017-02-10');
    const a = clock.now().getTime();
    await new Promise((r) => setTimeout(r, 20));
    expect(clock.now().getTime()).toBeGreaterThan(a);
  });

  it('is the system clock without APP_TODAY, and refuses a malformed date', () => {
    expect(clockFor(undefined)).toBe(systemClock);
    expect(() => clockFor('2017-2-10')).toThrow(/APP_TODAY/);
  });

  it('reads Beijing dates across midnight UTC', () => {
    expect(chinaDate(new Date('2017-01-19T16:00:00Z'))).toBe('2017-01-20');
    expect(chinaDate(new FixedClock('2017-01-19T15:59:59Z').now())).toBe('2017-01-19');
  });
});
