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
  constructor(private readonly offsetMs: number) {}
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/** The clock for `APP_TODAY=YYYY-MM-DD`: today's Beijing date becomes that date, at the same time of day. */
export function clockFor(appToday: string | undefined): Clock {
  if (!appToday) return systemClock;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(appToday) || Number.isNaN(Date.parse(`${appToday}T00:00:00+08:00`))) {
    throw new Error(`APP_TODAY must be a date YYYY-MM-DD, got ${appToday}`);
  }
  const realToday = chinaDate(new Date());
  const offset = Date.parse(`${appToday}T00:00:00+08:00`) - Date.parse(`${realToday}T00:00:00+08:00`);
  return offset === 0 ? systemClock : new OffsetClock(offset);
}

/** Today's date in China Standard Time as YYYY-MM-DD (the rules speak of Beijing dates). */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
