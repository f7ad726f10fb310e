// What an uploaded picture is, read from its bytes (never from its name or the client's content type): PNG, JPEG,
// GIF or WebP, with its pixel size from the header. Pure: bytes in, a type and size or a reason out. Used for the
// items' pictures (题干、选项图片) and the applications' scans.

import { jpegDimensions, looksLikeJpeg } from './jpeg.js';

export type ImageType = 'png' | 'jpeg' | 'gif' | 'webp';
export const IMAGE_MIME: Readonly<Record<ImageType, string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
};
export const IMAGE_EXTENSIONS: Readonly<Record<ImageType, string>> = {
  png: '.png',
  jpeg: '.jpg',
  gif: '.gif',
  webp: '.webp',
};

export type SniffedImage =
  | { ok: true; type: ImageType; mime: string; width: number; height: number }
  | { ok: false; reason: string };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const ascii = (bytes: Uint8Array, start: number, length: number) =>
  String.fromCharCode(...bytes.subarray(start, start + length));

export function looksLikePng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

/** PNG width and height from the IHDR chunk, which the specification requires first (PNG §11.2.2). */
export function pngDimensions(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < 24 || !looksLikePng(bytes)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (ascii(bytes, 12, 4) !== 'IHDR' || view.getUint32(8) < 8) return null;
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  return width > 0 && height > 0 ? { width, height } : null;
}

/** GIF87a/GIF89a: the logical screen's width and height follow the signature (little-endian). */
function gifDimensions(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < 10) return null;
  const width = bytes[6]! | (bytes[7]! << 8);
  const height = bytes[8]! | (bytes[9]! << 8);
  return width > 0 && height > 0 ? { width, height } : null;
}

/**
 * WebP (RIFF container, "WEBP"): the first chunk tells the size. VP8 (lossy): a key frame's start code 9D 01 2A and
 * 14-bit width and height; VP8L (lossless): signature 2F and 14-bit width − 1 and height − 1; VP8X (extended): 24-bit
 * canvas width − 1 and height − 1.
 */
function webpDimensions(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < 30) return null;
  const chunk = ascii(bytes, 12, 4);
  const u16 = (i: number) => bytes[i]! | (bytes[i + 1]! << 8);
  const u24 = (i: number) => bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16);
  let size: { width: number; height: number } | null = null;
  if (chunk === 'VP8 ') {
    if (bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a) return null;
    size = { width: u16(26) & 0x3fff, height: u16(28) & 0x3fff };
  } else if (chunk === 'VP8L') {
    if (bytes[20] !== 0x2f) return null;
    const bits = bytes[21]! | (bytes[22]! << 8) | (bytes[23]! << 16) | (bytes[24]! << 24);
    size = { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  } else if (chunk === 'VP8X') {
    size = { width: u24(24) + 1, height: u24(27) + 1 };
  }
  return size && size.width > 0 && size.height > 0 ? size : null;
}

/** What the bytes are among the pictures a browser shows everywhere, with their size; a reason in Chinese otherwise. */
export function sniffImage(bytes: Uint8Array): SniffedImage {
  const found = (type: ImageType, dims: { width: number; height: number } | null, broken: string): SniffedImage =>
    dims ? { ok: true, type, mime: IMAGE_MIME[type], ...dims } : { ok: false, reason: broken };
  if (looksLikePng(bytes)) return found('png', pngDimensions(bytes), 'PNG 文件已损坏');
  if (looksLikeJpeg(bytes)) {
    const dims = jpegDimensions(bytes);
    return dims.ok ? found('jpeg', dims, '') : { ok: false, reason: dims.reason };
  }
  if (bytes.length >= 6 && (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a')) {
    return found('gif', gifDimensions(bytes), 'GIF 文件已损坏');
  }
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') {
    return found('webp', webpDimensions(bytes), 'WebP 文件已损坏');
  }
  return { ok: false, reason: '只接受 PNG、JPEG、GIF 或 WebP 图片' };
}
