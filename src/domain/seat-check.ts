// The seat readiness check (机位检测): what a test-centre PC must show before exam day. The page measures, the
// server reads the browser from the user agent and judges here. Pure rules.

/** Minimum browser versions (the exam client is built for ES2020 and tested on these). */
export const MIN_BROWSER_VERSIONS = { Chrome: 80, Edge: 80, Firefox: 78, '360': 80, QQ: 80 } as const;
export type KnownBrowser = keyof typeof MIN_BROWSER_VERSIONS;
export const MIN_SCREEN = { width: 1280, height: 720 } as const;
/** The PC's clock may differ from the server's by at most this much (timers and the countdown run on the server). */
export const MAX_CLOCK_OFFSET_MS = 5_000;
/** Round trip to the server at most this long (a saved answer must reach the server promptly). */
export const MAX_ROUND_TRIP_MS = 1_000;

export interface BrowserInfo {
  name: KnownBrowser | 'other';
  version: number | null;
  /** Human-readable, e.g. 'Chrome 120' or the raw product when unknown. */
  label: string;
}

/** Reads the browser from a user agent. Chromium derivatives that name themselves (Edge, 360, QQ) come first. */
export function parseUserAgent(ua: string | null | undefined): BrowserInfo {
  const text = ua ?? '';
  const probes: [KnownBrowser, RegExp][] = [
    ['Edge', /Edg(?:e|A|iOS)?\/(\d+)/],
    ['QQ', /QQBrowser\/(\d+)/],
    ['360', /360SE|360EE|QIHU 360/i],
    ['Firefox', /Firefox\/(\d+)/],
    ['Chrome', /(?:Chrome|Chromium)\/(\d+)/],
  ];
  for (const [name, pattern] of probes) {
    const match = pattern.exec(text);
    if (!match) continue;
    // 360 does not give its own version: its Chrome version is what counts.
    const versionText = match[1] ?? /Chrome\/(\d+)/.exec(text)?.[1];
    const version = versionText ? Number(versionText) : null;
    return { name, version, label: version === null ? name : `${name} ${version}` };
  }
  return { name: 'other', version: null, label: text.slice(0, 40) || '未知浏览器' };
}

export interface SeatCheckMeasures {
  browser: BrowserInfo;
  screenWidth: number;
  screenHeight: number;
  clockOffsetMs: number;
  roundTripMs: number;
}

/** The reasons a seat fails, in Chinese; none means it passes. */
export function judgeSeat(m: SeatCheckMeasures): string[] {
  const reasons: string[] = [];
  const { browser } = m;
  if (browser.name === 'other' || browser.version === null) {
    reasons.push(`浏览器不受支持（${browser.label}），请使用 Chrome、Edge 或 Firefox 的较新版本`);
  } else if (browser.version < MIN_BROWSER_VERSIONS[browser.name]) {
    reasons.push(`浏览器版本过低（${browser.label}），至少需要 ${browser.name} ${MIN_BROWSER_VERSIONS[browser.name]}`);
  }
  if (m.screenWidth < MIN_SCREEN.width || m.screenHeight < MIN_SCREEN.height) {
    reasons.push(
      `屏幕分辨率不足（${m.screenWidth}×${m.screenHeight}），至少需要 ${MIN_SCREEN.width}×${MIN_SCREEN.height}`,
    );
  }
  if (Math.abs(m.clockOffsetMs) > MAX_CLOCK_OFFSET_MS) {
    reasons.push(
      `电脑时钟与服务器相差 ${(m.clockOffsetMs / 1000).toFixed(1)} 秒，超过 ${MAX_CLOCK_OFFSET_MS / 1000} 秒，请校准系统时间`,
    );
  }
  if (m.roundTripMs > MAX_ROUND_TRIP_MS) {
    reasons.push(`网络往返时间 ${Math.round(m.roundTripMs)} 毫秒，超过 ${MAX_ROUND_TRIP_MS} 毫秒，请检查网络`);
  }
  return reasons;
}

export interface TimeSample {
  /** Client clock when the request left and when the answer arrived (ms). */
  t0: number;
  t1: number;
  /** Server clock in the answer (ms). */
  server: number;
}

/**
 * Clock offset and round trip from several samples: the sample with the smallest round trip wins (least queueing),
 * offset = server − (t0 + t1) / 2. Null without samples.
 */
export function estimateClock(samples: readonly TimeSample[]): { offsetMs: number; roundTripMs: number } | null {
  let best: TimeSample | null = null;
  for (const s of samples) if (!best || s.t1 - s.t0 < best.t1 - best.t0) best = s;
  if (!best) return null;
  return { offsetMs: Math.round(best.server - (best.t0 + best.t1) / 2), roundTripMs: Math.round(best.t1 - best.t0) };
}
