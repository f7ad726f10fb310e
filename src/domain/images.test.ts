import { describe, expect, it } from 'vitest';
import { pngDimensions, sniffImage } from './images.js';

const u16be = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const u32be = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];

function png(width: number, height: number): Uint8Array {
  return Uint8Array.from([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...u32be(13),
    0x49,
    0x48,
    0x44,
    0x52,
    ...u32be(width),
    ...u32be(height),
    8,
    2,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
  ]);
}
function jpeg(width: number, height: number): Uint8Array {
  const sof = [0xff, 0xc0, ...u16be(17), 8, ...u16be(height), ...u16be(width), 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0];
  return Uint8Array.from([0xff, 0xd8, ...sof, 0xff, 0xd9]);
}
const gif = (w: number, h: number) =>
  Uint8Array.from([...Buffer.from('GIF89a'), w & 0xff, w >> 8, h & 0xff, h >> 8, 0, 0, 0]);
/** A real 1×1 lossless WebP (cwebp -lossless). */
const WEBP_1X1 = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');

function webpLossy(width: number, height: number): Uint8Array {
  const b = Buffer.alloc(40);
  b.write('RIFF', 0, 'latin1');
  b.writeUInt32LE(32, 4);
  b.write('WEBPVP8 ', 8, 'latin1');
  b.writeUInt32LE(20, 16);
  b.set([0x9d, 0x01, 0x2a], 23);
  b.writeUInt16LE(width, 26);
  b.writeUInt16LE(height, 28);
  return b;
}
function webpExtended(width: number, height: number): Uint8Array {
  const b = Buffer.alloc(30);
  b.write('RIFF', 0, 'latin1');
  b.write('WEBPVP8X', 8, 'latin1');
  b.writeUIntLE(width - 1, 24, 3);
  b.writeUIntLE(height - 1, 27, 3);
  return b;
}

describe('sniffImage', () => {
  it.each([
    ['png', png(640, 480), 640, 480, 'image/png'],
    ['jpeg', jpeg(800, 600), 800, 600, 'image/jpeg'],
    ['gif', gif(320, 200), 320, 200, 'image/gif'],
    ['webp', WEBP_1X1, 1, 1, 'image/webp'],
    ['webp', webpLossy(300, 150), 300, 150, 'image/webp'],
    ['webp', webpExtended(4000, 3000), 4000, 3000, 'image/webp'],
  ])('reads a %s and its size from the bytes', (type, bytes, width, height, mime) => {
    expect(sniffImage(bytes)).toEqual({ ok: true, type, mime, width, height });
  });

  it.each([
    ['an executable', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)])],
    ['a PDF', Buffer.from('%PDF-1.7\n')],
    ['text', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ['nothing', new Uint8Array()],
  ])('refuses %s', (_, bytes) => {
    expect(sniffImage(bytes)).toEqual({ ok: false, reason: '只接受 PNG、JPEG、GIF 或 WebP 图片' });
  });

  it('refuses a picture whose header is cut short or says 0 pixels', () => {
    expect(sniffImage(png(10, 10).subarray(0, 20))).toMatchObject({ ok: false, reason: 'PNG 文件已损坏' });
    expect(sniffImage(png(0, 10))).toMatchObject({ ok: false });
    expect(sniffImage(gif(0, 0))).toMatchObject({ ok: false, reason: 'GIF 文件已损坏' });
    expect(sniffImage(jpeg(0, 10))).toMatchObject({ ok: false });
    expect(sniffImage(WEBP_1X1.subarray(0, 16))).toMatchObject({ ok: false });
    expect(pngDimensions(png(3, 4))).toEqual({ width: 3, height: 4 });
  });
});
