import type { ImageProblem } from "../core/ocr.ts";

/** Formats the engine decodes (tesseract.js: leptonica). */
export type ImageFormat = "png" | "jpeg" | "gif" | "webp" | "bmp";

export interface ImageInfo {
  ok: true;
  format: ImageFormat;
  width: number;
  height: number;
}

export type ProbeResult = ImageInfo | { ok: false; problem: Extract<ImageProblem, "empty" | "not-an-image" | "truncated" | "animated" | "too-many-pixels"> };

/** Most GIF blocks / PNG chunks / JPEG segments walked before giving up (a hostile file cannot make this loop long). */
const MAX_STRUCTURE_STEPS = 100_000;

const u16be = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u16le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u24le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
const u32be = (b: Uint8Array, i: number) => ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;
const i32le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

type Probe = { format: ImageFormat; width: number; height: number } | "truncated" | "animated" | "not-an-image";

function png(b: Uint8Array): Probe {
  if (b.length < 33 || ascii(b, 12, 4) !== "IHDR") return "truncated";
  const width = u32be(b, 16);
  const height = u32be(b, 20);
  // Walk the chunks: an `acTL` chunk makes it an APNG; the walk must end on IEND inside the file.
  let at = 8;
  for (let step = 0; step < MAX_STRUCTURE_STEPS; step++) {
    if (at + 8 > b.length) return "truncated";
    const length = u32be(b, at);
    const type = ascii(b, at + 4, 4);
    if (type === "acTL") return "animated";
    at += 12 + length;
    if (at > b.length) return "truncated";
    if (type === "IEND") return { format: "png", width, height };
  }
  return "truncated";
}

function jpeg(b: Uint8Array): Probe {
  let at = 2;
  let size: { width: number; height: number } | undefined;
  for (let step = 0; step < MAX_STRUCTURE_STEPS; step++) {
    if (at + 4 > b.length) return "truncated";
    if (b[at] !== 0xff) return "truncated";
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    const length = u16be(b, at + 2);
    if (length < 2) return "truncated";
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (at + 9 > b.length) return "truncated";
      size = { height: u16be(b, at + 5), width: u16be(b, at + 7) };
    }
    if (marker === 0xda) {
      // Start of scan: entropy-coded data follows up to the end-of-image marker, which must be in the file.
      if (!size) return "truncated";
      const end = b.lastIndexOf(0xd9);
      if (end <= at || b[end - 1] !== 0xff) return "truncated";
      return { format: "jpeg", ...size };
    }
    at += 2 + length;
  }
  return "truncated";
}

function gif(b: Uint8Array): Probe {
  if (b.length < 13) return "truncated";
  const width = u16le(b, 6);
  const height = u16le(b, 8);
  let at = 13;
  if (b[10]! & 0x80) at += 3 * (1 << ((b[10]! & 0x07) + 1));
  let frames = 0;
  const skipSubBlocks = (from: number): number => {
    let i = from;
    for (let step = 0; step < MAX_STRUCTURE_STEPS; step++) {
      if (i >= b.length) return -1;
      const n = b[i]!;
      i += 1 + n;
      if (n === 0) return i;
    }
    return -1;
  };
  for (let step = 0; step < MAX_STRUCTURE_STEPS; step++) {
    if (at >= b.length) return "truncated";
    const kind = b[at]!;
    if (kind === 0x3b) return frames === 0 ? "truncated" : { format: "gif", width, height };
    if (kind === 0x21) {
      at = skipSubBlocks(at + 2);
    } else if (kind === 0x2c) {
      if (at + 10 > b.length) return "truncated";
      frames++;
      if (frames > 1) return "animated";
      const flags = b[at + 9]!;
      at += 10;
      if (flags & 0x80) at += 3 * (1 << ((flags & 0x07) + 1));
      at = skipSubBlocks(at + 1);
    } else {
      return "truncated";
    }
    if (at < 0) return "truncated";
  }
  return "truncated";
}

function webp(b: Uint8Array): Probe {
  if (b.length < 30) return "truncated";
  const riffSize = (b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24)) >>> 0;
  if (riffSize + 8 > b.length) return "truncated";
  const chunk = ascii(b, 12, 4);
  if (chunk === "VP8X") {
    if (b[20]! & 0x02) return "animated";
    return { format: "webp", width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  }
  if (chunk === "VP8L") {
    if (b[20] !== 0x2f) return "not-an-image";
    const bits = (b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24)) >>> 0;
    return { format: "webp", width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === "VP8 ") {
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return "not-an-image";
    return { format: "webp", width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  }
  return "not-an-image";
}

function bmp(b: Uint8Array): Probe {
  if (b.length < 26) return "truncated";
  const fileSize = (b[2]! | (b[3]! << 8) | (b[4]! << 16) | (b[5]! << 24)) >>> 0;
  if (fileSize > b.length) return "truncated";
  return { format: "bmp", width: Math.abs(i32le(b, 18)), height: Math.abs(i32le(b, 22)) };
}

/**
 * Reads an image's format and dimensions from its header and structure without decoding any pixel, and refuses
 * what must never reach the decoder: empty files, non-images (whatever their name), truncated files, animations and
 * images above `maxPixels` (decompression bombs: a 50 kB PNG can declare 100,000 × 100,000 pixels).
 */
export function probeImage(bytes: Uint8Array, maxPixels: number): ProbeResult {
  if (bytes.length === 0) return { ok: false, problem: "empty" };
  const b = bytes;
  let probe: Probe = "not-an-image";
  if (b.length >= 8 && b[0] === 0x89 && ascii(b, 1, 3) === "PNG" && b[4] === 0x0d && b[5] === 0x0a) probe = png(b);
  else if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) probe = jpeg(b);
  else if (b.length >= 6 && (ascii(b, 0, 6) === "GIF87a" || ascii(b, 0, 6) === "GIF89a")) probe = gif(b);
  else if (b.length >= 12 && ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 4) === "WEBP") probe = webp(b);
  else if (b.length >= 2 && ascii(b, 0, 2) === "BM") probe = bmp(b);
  if (typeof probe === "string") return { ok: false, problem: probe };
  if (probe.width <= 0 || probe.height <= 0) return { ok: false, problem: "truncated" };
  if (probe.width * probe.height > maxPixels) return { ok: false, problem: "too-many-pixels" };
  return { ok: true, ...probe };
}
