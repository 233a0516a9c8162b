/**
 * The OCR port: image bytes in, the text printed on the image out. Implemented on tesseract.js in src/ocr/; the
 * runtime calls it, adapters only fetch bytes. Expected failures are values (`OcrFailure`), never exceptions.
 */

/** Why an image gave no text. Each has a reply (src/core/i18n.ts `image.problem.*`). */
export type ImageProblem =
  /** Zero bytes. */
  | "empty"
  /** Larger than the configured byte limit (declared by the platform or counted while downloading). */
  | "too-large"
  /** Not PNG, JPEG, GIF, WebP or BMP (whatever its name says). */
  | "not-an-image"
  /** The header is cut off or inconsistent. */
  | "truncated"
  /** An animated GIF/PNG/WebP: frames are not read. */
  | "animated"
  /** Width × height above the pixel cap (checked on the header, before any decoding). */
  | "too-many-pixels"
  /** Reading took longer than the per-image timeout (the worker was restarted). */
  | "timeout"
  /** The decoder or the engine failed on it. */
  | "unreadable"
  /** Download from the platform failed. */
  | "fetch-failed"
  /** OCR is switched off or its engine cannot start. */
  | "unavailable";

/** Text read from one image. */
export interface OcrText {
  ok: true;
  /** The words kept (confidence above the engine's floor), lines joined with "\n"; "" when none. */
  text: string;
  /** Mean word confidence of the kept words, 0..100 (0 when no word was kept). */
  confidence: number;
  /** Script-based guess: `ko` when Hangul dominates, `en` for Latin, `und` otherwise. */
  language: string;
  /** Milliseconds spent in the engine (0 when answered from a cache). */
  tookMs: number;
}

export interface OcrFailure {
  ok: false;
  problem: ImageProblem;
}

export type OcrResult = OcrText | OcrFailure;

/** Reads the text of images. Implementations bound the CPU time per image and never throw for a bad image. */
export interface Ocr {
  /** Reads `image` (the raw file bytes). Never rejects for a bad image: problems are `OcrFailure` values. */
  read(image: Uint8Array): Promise<OcrResult>;
  /** Stops the engine's workers. Safe to call twice; later `read` calls answer `unavailable`. */
  close(): Promise<void>;
}
