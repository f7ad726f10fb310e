import { describe, expect, it } from 'vitest';
import { chinaDate, clockFor, FixedClock, OffsetClock, systemClock } from './clock.js';

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

  it('starts at a Beijing date and time given as APP_TODAY=YYYY-MM-DDTHH:MM, then runs', async () => {
    const startedAt = new Date();
    const clock = clockFor('2027-05-08T08:25', startedAt);
    const first = clock.now().getTime();
    const expected = Date.parse('2027-05-08T00:25:00Z');
    // The instant at start, less the few milliseconds since `startedAt`.
    expect(first - expected).toBeGreaterThanOrEqual(0);
    expect(first - expected).toBeLessThan(1000);
    expect(chinaDate(clock.now())).toBe('2027-05-08');
    await new Promise((r) => setTimeout(r, 20));
    expect(clock.now().getTime()).toBeGreaterThan(first);
    // Seconds may be given; a Beijing evening is the next day in UTC terms only, never in Beijing's.
    expect(clockFor('2027-05-08T23:59:30').now().toISOString().slice(0, 19)).toBe('2027-05-08T15:59:30');
  });

  it('refuses a malformed date and time', () => {
    for (const bad of [
      '2027-05-08T8:25',
      '2027-05-08T24:00',
      '2027-05-08T08:60',
      '2027-05-08 08:25',
      '2027-13-01T08:00',
    ]) {
      expect(() => clockFor(bad), bad).toThrow(/APP_TODAY/);
    }
  });

  it('is an offset clock a journey moves on while it runs', async () => {
    const clock = new OffsetClock(0);
    clock.set('2027-05-08T08:25:00+08:00');
    expect(Math.abs(clock.now().getTime() - Date.parse('2027-05-08T00:25:00Z'))).toBeLessThan(1000);
    clock.advance(10 * 60_000);
    expect(Math.abs(clock.now().getTime() - Date.parse('2027-05-08T00:35:00Z'))).toBeLessThan(1000);
    const a = clock.now().getTime();
    await new Promise((r) => setTimeout(r, 20));
    expect(clock.now().getTime()).toBeGreaterThan(a);
  });

  it('reads Beijing dates across midnight UTC', () => {
    expect(chinaDate(new Date('2017-01-19T16:00:00Z'))).toBe('2017-01-20');
    expect(chinaDate(new FixedClock('2017-01-19T15:59:59Z').now())).toBe('2017-01-19');
  });
});
