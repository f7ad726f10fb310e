// The pixel size of a JPEG image, read from its frame header (ITU-T T.81 / ISO/IEC 10918-1, B.2), so that
// uploaded photos can be checked without an image library. Pure: bytes in, dimensions or a reason out.

export type JpegDimensions = { ok: true; width: number; height: number } | { ok: false; reason: string };

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;

/**
 * Start-of-frame markers: SOF0 (baseline), SOF1 (extended), SOF2 (progressive), SOF3 and the arithmetic-coded
 * SOF5–7, SOF9–11, SOF13–15. 0xC4 (DHT), 0xC8 (JPG, reserved) and 0xCC (DAC) share the range but are not frames.
 */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** Markers that stand alone, without a length field: TEM and RST0–7 (SOI and EOI are handled apart). */
function isStandalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
}

/** True when the bytes start like a JPEG file (SOI followed by a marker). */
export function looksLikeJpeg(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === SOI && bytes[2] === 0xff;
}

/**
 * Walks the marker segments from SOI to the first start-of-frame and reads its height and width. Refuses
 * anything that is not a JPEG, a stream cut short, and a frame with a zero dimension (T.81 allows a height of
 * 0 defined later by a DNL marker; no camera or scanner writes that, and we cannot check such a photo).
 */
export function jpegDimensions(bytes: Uint8Array): JpegDimensions {
  if (!looksLikeJpeg(bytes)) return { ok: false, reason: '不是 JPEG 文件' };
  let pos = 2;
  while (pos < bytes.length) {
    if (bytes[pos] !== 0xff) return { ok: false, reason: 'JPEG 文件结构损坏' };
    // Any number of 0xFF fill bytes may precede a marker (B.1.1.2).
    while (pos < bytes.length && bytes[pos] === 0xff) pos++;
    if (pos >= bytes.length) break;
    const marker = bytes[pos]!;
    pos++;
    if (marker === SOI || isStandalone(marker)) continue;
    if (marker === EOI || marker === SOS) return { ok: false, reason: 'JPEG 文件缺少图像尺寸信息' };
    if (pos + 2 > bytes.length) break;
    const length = (bytes[pos]! << 8) | bytes[pos + 1]!;
    if (length < 2) return { ok: false, reason: 'JPEG 文件结构损坏' };
    if (isStartOfFrame(marker)) {
      // Lf (2), P (1), Y (2), X (2), Nf (1)…
      if (length < 8 || pos + 7 > bytes.length) break;
      const height = (bytes[pos + 3]! << 8) | bytes[pos + 4]!;
      const width = (bytes[pos + 5]! << 8) | bytes[pos + 6]!;
      if (width === 0 || height === 0) return { ok: false, reason: 'JPEG 图像尺寸为 0' };
      return { ok: true, width, height };
    }
    pos += length;
  }
  return { ok: false, reason: 'JPEG 文件不完整' };
}
