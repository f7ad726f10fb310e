import { describe, expect, it } from 'vitest';
import { estimateClock, judgeSeat, parseUserAgent } from './seat-check.js';

const CHROME_120 =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

describe('parseUserAgent', () => {
  it('names Chrome, Edge, Firefox, 360 and QQ and their versions', () => {
    expect(parseUserAgent(CHROME_120)).toEqual({ name: 'Chrome', version: 120, label: 'Chrome 120' });
    expect(parseUserAgent(`${CHROME_120} Edg/119.0.0.0`).label).toBe('Edge 119');
    expect(parseUserAgent('Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Firefox/115.0').label).toBe(
      'Firefox 115',
    );
    expect(parseUserAgent(`${CHROME_120} QQBrowser/12.1.0`).name).toBe('QQ');
    expect(parseUserAgent(`Mozilla/5.0 Chrome/86.0.4240.198 Safari/537.36 QIHU 360SE`)).toMatchObject({
      name: '360',
      version: 86,
    });
    expect(parseUserAgent('Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1)').name).toBe('other');
    expect(parseUserAgent(null).label).toBe('未知浏览器');
  });
});

describe('judgeSeat', () => {
  const good = {
    browser: parseUserAgent(CHROME_120),
    screenWidth: 1366,
    screenHeight: 768,
    clockOffsetMs: 120,
    roundTripMs: 30,
  };
  it('passes a good seat', () => {
    expect(judgeSeat(good)).toEqual([]);
  });
  it('names each failing measure in Chinese', () => {
    expect(judgeSeat({ ...good, browser: parseUserAgent('Mozilla/5.0 Chrome/70.0 Safari') })[0]).toContain('版本过低');
    expect(judgeSeat({ ...good, browser: parseUserAgent('MSIE 8.0') })[0]).toContain('不受支持');
    expect(judgeSeat({ ...good, screenWidth: 1024 })[0]).toContain('分辨率');
    expect(judgeSeat({ ...good, clockOffsetMs: -6000 })[0]).toContain('时钟');
    expect(judgeSeat({ ...good, clockOffsetMs: 5000 })).toEqual([]);
    expect(judgeSeat({ ...good, roundTripMs: 1500 })[0]).toContain('网络');
    expect(judgeSeat({ ...good, screenWidth: 800, roundTripMs: 2000 })).toHaveLength(2);
  });
});

describe('estimateClock', () => {
  it('takes the sample with the smallest round trip', () => {
    expect(estimateClock([])).toBeNull();
    expect(
      estimateClock([
        { t0: 0, t1: 400, server: 10_000 },
        { t0: 1000, t1: 1040, server: 3_520 },
        { t0: 2000, t1: 2100, server: 0 },
      ]),
    ).toEqual({ offsetMs: 2500, roundTripMs: 40 });
  });
});
