// The server's clock on a PC whose own clock is not trusted. Local instants are the page's monotonic clock
// (performance.now(), which a changed system time does not move); the offset maps them to the server's time.

/** One exchange with the server: local send and receive instants, and the serverTime it answered. */
export interface ClockSample {
  sentAt: number;
  receivedAt: number;
  serverTime: number;
}

/** The offset from the sample with the shortest round trip: serverTime + rtt/2 − receivedAt (docs/api-exam-day.md). */
export function offsetFromSamples(samples: readonly ClockSample[]): number {
  if (samples.length === 0) throw new RangeError('no clock samples');
  let best = samples[0]!;
  for (const s of samples) if (s.receivedAt - s.sentAt < best.receivedAt - best.sentAt) best = s;
  return best.serverTime + (best.receivedAt - best.sentAt) / 2 - best.receivedAt;
}

/**
 * Corrects the offset by any answer's serverTime: the server read its clock between the send and the receive, so
 * the true offset lies in [serverTime − receivedAt, serverTime − sentAt]; an offset outside (the page slept, the
 * measure was unlucky) is moved to the nearest end, one inside is kept (it came from a better sample).
 */
export function correctOffset(offset: number, sample: ClockSample): number {
  const low = sample.serverTime - sample.receivedAt;
  const high = sample.serverTime - sample.sentAt;
  if (high < low) return offset;
  return Math.min(high, Math.max(low, offset));
}

/** The thresholds (milliseconds left) announced to screen readers: 15, 5 and 1 minutes. */
export const ANNOUNCE_AT_MS = [15 * 60_000, 5 * 60_000, 60_000] as const;

/**
 * The threshold passed between two readings of the time left (the smallest when several were passed at once, as
 * after a sleep), or null. A reading that goes up (time given) passes none.
 */
export function crossedThreshold(
  previousMs: number,
  currentMs: number,
  thresholds: readonly number[] = ANNOUNCE_AT_MS,
): number | null {
  let crossed: number | null = null;
  for (const t of thresholds) if (previousMs > t && currentMs <= t && (crossed === null || t < crossed)) crossed = t;
  return crossed;
}

/** A countdown as the candidate reads it: H:MM:SS from an hour, MM:SS below. Rounds up (0:01 until it is over). */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

/** An instant as Beijing time of day, HH:MM (the exam's clock is Beijing time whatever the PC's zone). */
export function beijingClock(at: number, withSeconds = false): string {
  const d = new Date(at + 8 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  const hm = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
  return withSeconds ? `${hm}:${two(d.getUTCSeconds())}` : hm;
}

/**
 * Milliseconds left to answer a subject at the server's `now`: frozen at the pause while the room is paused, never
 * counting time before the opening (domain/exam.ts remainingMs, on the ISO strings of the API).
 */
export function timeLeft(
  subject: { opensAt: string; deadlineAt: string },
  now: number,
  pausedAt: string | null,
): number {
  const at = pausedAt ? Math.min(now, Date.parse(pausedAt)) : now;
  return Math.max(0, Date.parse(subject.deadlineAt) - Math.max(at, Date.parse(subject.opensAt)));
}

/** The server's clock as the page knows it. */
export class ServerClock {
  private offset: number | null = null;
  /** Set when the offset came from a stored value (an offline reload), not from a measurement. */
  estimated = false;

  constructor(private readonly local: () => number = () => performance.now()) {}

  get ready(): boolean {
    return this.offset !== null;
  }

  /** Sets the offset from a measurement (several samples of GET /api/exam/time). */
  measured(samples: readonly ClockSample[]): void {
    this.offset = offsetFromSamples(samples);
    this.estimated = false;
  }

  /** Uses an offset kept from earlier (the network is down at a reload), until a response corrects it. */
  assume(offset: number): void {
    if (this.offset === null) {
      this.offset = offset;
      this.estimated = true;
    }
  }

  /** Every response's serverTime keeps the offset honest. */
  observe(sample: ClockSample): void {
    if (this.offset === null) this.offset = offsetFromSamples([sample]);
    else this.offset = correctOffset(this.offset, sample);
  }

  /** The server's time now (ms since the epoch); before any measurement the page's own, as the best guess. */
  now(): number {
    return this.local() + (this.offset ?? performance.timeOrigin);
  }

  /** The offset to keep for an offline reload, relative to the PC's wall clock (the only clock shared across loads). */
  wallOffset(): number {
    return this.now() - Date.now();
  }
}
