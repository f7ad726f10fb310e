import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jpegDimensions, looksLikeJpeg } from './jpeg.js';

const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];

/** A minimal JPEG: SOI, an APP0 (JFIF) segment, optional extra segments, a frame header, SOS, EOI. */
function jpeg(width: number, height: number, options: { sof?: number; before?: number[][] } = {}): Uint8Array {
  const app0 = [0xff, 0xe0, ...u16(16), 0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const sof = [0xff, options.sof ?? 0xc0, ...u16(17), 8, ...u16(height), ...u16(width), 3];
  for (let c = 1; c <= 3; c++) sof.push(c, 0x11, 0);
  const sos = [0xff, 0xda, ...u16(12), 3, 1, 0, 2, 0x11, 3, 0x11, 0, 63, 0];
  return Uint8Array.from([
    0xff,
    0xd8,
    ...app0,
    ...(options.before ?? []).flat(),
    ...sof,
    ...sos,
    0x12,
    0x34,
    0xff,
    0xd9,
  ]);
}

describe('jpegDimensions', () => {
  it('reads a baseline (SOF0) frame', () => {
    expect(jpegDimensions(jpeg(413, 579))).toEqual({ ok: true, width: 413, height: 579 });
  });

  it.each([0xc1, 0xc2, 0xc3, 0xc9])('reads frame marker 0x%s', (sof) => {
    expect(jpegDimensions(jpeg(300, 400, { sof }))).toEqual({ ok: true, width: 300, height: 400 });
  });

  it('skips other segments (DQT, DHT, APP1, comments) and fill bytes', () => {
    const dqt = [0xff, 0xdb, ...u16(67), 0, ...new Array(64).fill(1)];
    const dht = [0xff, 0xc4, ...u16(5), 0, 0, 0];
    const exif = [0xff, 0xe1, ...u16(8), 0x45, 0x78, 0x69, 0x66, 0, 0];
    const comment = [0xff, 0xff, 0xff, 0xfe, ...u16(4), 0x68, 0x69];
    expect(jpegDimensions(jpeg(1024, 768, { before: [dqt, dht, exif, comment] }))).toEqual({
      ok: true,
      width: 1024,
      height: 768,
    });
  });

  it('refuses what is not a JPEG', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(jpegDimensions(png).ok).toBe(false);
    expect(jpegDimensions(new Uint8Array()).ok).toBe(false);
    expect(jpegDimensions(new TextEncoder().encode('%PDF-1.7')).ok).toBe(false);
    expect(looksLikeJpeg(png)).toBe(false);
  });

  it('refuses a stream without a frame or cut short', () => {
    expect(jpegDimensions(Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]))).toMatchObject({ ok: false });
    const whole = jpeg(413, 579);
    for (const cut of [3, 10, 22, 26]) expect(jpegDimensions(whole.slice(0, cut)).ok, `cut ${cut}`).toBe(false);
    expect(jpegDimensions(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 1]))).toMatchObject({ ok: false });
    expect(jpegDimensions(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0x00]))).toMatchObject({ ok: false });
  });

  it('refuses a zero dimension', () => {
    expect(jpegDimensions(jpeg(0, 579)).ok).toBe(false);
  });

  it('reads back any dimensions it is given and never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 1, max: 65535 }), (w, h) => {
        expect(jpegDimensions(jpeg(w, h))).toEqual({ ok: true, width: w, height: h });
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (tail) => {
        const result = jpegDimensions(Uint8Array.from([0xff, 0xd8, ...tail]));
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });
});
