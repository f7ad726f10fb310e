import { describe, expect, it } from 'vitest';
import {
  beijingClock,
  correctOffset,
  crossedThreshold,
  formatCountdown,
  offsetFromSamples,
  ServerClock,
  timeLeft,
} from './clock.js';

describe('the server clock', () => {
  it('measures the offset from the sample with the shortest round trip', () => {
    // Local clock 1000 behind the server; the second sample's round trip is 20 ms, the others' far longer.
    const samples = [
      { sentAt: 0, receivedAt: 400, serverTime: 1300 },
      { sentAt: 500, receivedAt: 520, serverTime: 1510 },
      { sentAt: 600, receivedAt: 900, serverTime: 1650 },
    ];
    expect(offsetFromSamples(samples)).toBe(1000);
    expect(() => offsetFromSamples([])).toThrow();
  });

  it('keeps an offset a response agrees with and corrects one it does not', () => {
    // The server read 5000 between local 100 and 200: the offset lies in [4800, 4900].
    const sample = { sentAt: 100, receivedAt: 200, serverTime: 5000 };
    expect(correctOffset(4850, sample)).toBe(4850);
    expect(correctOffset(1000, sample)).toBe(4800);
    expect(correctOffset(9000, sample)).toBe(4900);
  });

  it('counts on its own monotonic clock, whatever the PC’s wall clock says', () => {
    let local = 10_000;
    const clock = new ServerClock(() => local);
    clock.measured([{ sentAt: 9_990, receivedAt: 10_000, serverTime: 1_800_000_000_000 }]);
    local += 60_000;
    expect(clock.now()).toBe(1_800_000_000_000 + 5 + 60_000);
    clock.observe({ sentAt: local - 10, receivedAt: local, serverTime: 1_800_000_000_000 + 120_000 });
    expect(clock.now()).toBe(1_800_000_000_000 + 120_000);
  });

  it('an assumed offset (offline reload) yields to any measurement', () => {
    const clock = new ServerClock(() => 0);
    clock.assume(500);
    expect(clock.estimated).toBe(true);
    clock.measured([{ sentAt: 0, receivedAt: 0, serverTime: 800 }]);
    expect(clock.now()).toBe(800);
    clock.assume(5);
    expect(clock.now()).toBe(800);
  });
});

describe('announcements and formats', () => {
  it('announces a threshold once, when the time left passes it, never when time is given', () => {
    const min = 60_000;
    expect(crossedThreshold(15 * min + 500, 15 * min - 500)).toBe(15 * min);
    expect(crossedThreshold(15 * min - 500, 15 * min - 1500)).toBeNull();
    expect(crossedThreshold(6 * min, 30_000)).toBe(min);
    expect(crossedThreshold(4 * min, 20 * min)).toBeNull();
  });

  it('formats countdowns and Beijing times', () => {
    expect(formatCountdown(3_725_000)).toBe('1:02:05');
    expect(formatCountdown(59_001)).toBe('01:00');
    expect(formatCountdown(-5)).toBe('00:00');
    expect(beijingClock(Date.parse('2026-06-13T01:30:05Z'))).toBe('09:30');
    expect(beijingClock(Date.parse('2026-06-13T01:30:05Z'), true)).toBe('09:30:05');
  });
});

describe('the time left', () => {
  const subject = { opensAt: '2026-06-13T01:00:00.000Z', deadlineAt: '2026-06-13T02:00:00.000Z' };
  const at = (iso: string) => Date.parse(iso);

  it('counts down to the deadline, the whole duration before the opening, nothing after', () => {
    expect(timeLeft(subject, at('2026-06-13T01:45:00Z'), null)).toBe(15 * 60_000);
    expect(timeLeft(subject, at('2026-06-13T00:30:00Z'), null)).toBe(60 * 60_000);
    expect(timeLeft(subject, at('2026-06-13T02:00:01Z'), null)).toBe(0);
  });

  it('stands still while the room is paused', () => {
    const paused = '2026-06-13T01:40:00.000Z';
    expect(timeLeft(subject, at('2026-06-13T01:40:00Z'), paused)).toBe(20 * 60_000);
    expect(timeLeft(subject, at('2026-06-13T02:30:00Z'), paused)).toBe(20 * 60_000);
  });
});
