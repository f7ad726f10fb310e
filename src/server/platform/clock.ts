/** The server's one notion of "now", injectable so tests and demos can set the date. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that starts at a fixed instant and moves only when told. */
export class FixedClock implements Clock {
  private current: Date;
  constructor(start: Date | string) {
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * The real clock moved by a fixed offset, for demos that must live on another date (e.g. the 2017 timetable):
 * time still passes, and every process started with the same setting agrees on "now".
 */
export class OffsetClock implements Clock {
  constructor(private offsetMs: number) {}
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  /** Jumps ahead (or back) by `ms` and keeps running from there: a journey skips the minutes it would wait. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  /** Puts the running clock at `to` now. */
  set(to: Date | string): void {
    this.offsetMs = new Date(to).getTime() - Date.now();
  }
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The clock for `APP_TODAY`. A date `YYYY-MM-DD`: today's Beijing date becomes that date, at the same time of day.
 * A Beijing date and time `YYYY-MM-DDTHH:MM` (or `…:SS`): the clock stands at that instant when the process starts
 * and runs from there (exam day's demo starts a few minutes before a session opens; a restart starts there again).
 */
export function clockFor(appToday: string | undefined, startedAt: Date = new Date()): Clock {
  if (!appToday) return systemClock;
  const dateTime = DATE_TIME.exec(appToday);
  if (dateTime) {
    const [, date, hh, mm, ss = '00'] = dateTime;
    const at = Date.parse(`${date}T${hh}:${mm}:${ss}+08:00`);
    if (Number.isNaN(at) || Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) {
      throw new Error(`APP_TODAY must be a date YYYY-MM-DD or a Beijing time YYYY-MM-DDTHH:MM, got ${appToday}`);
    }
    return new OffsetClock(at - startedAt.getTime());
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(appToday) || Number.isNaN(Date.parse(`${appToday}T00:00:00+08:00`))) {
    throw new Error(`APP_TODAY must be a date YYYY-MM-DD or a Beijing time YYYY-MM-DDTHH:MM, got ${appToday}`);
  }
  const realToday = chinaDate(new Date());
  const offset = Date.parse(`${appToday}T00:00:00+08:00`) - Date.parse(`${realToday}T00:00:00+08:00`);
  return offset === 0 ? systemClock : new OffsetClock(offset);
}

/** Today's date in China Standard Time as YYYY-MM-DD (the rules speak of Beijing dates). */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
