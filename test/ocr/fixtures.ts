import { readFileSync } from "node:fs";

/** The OCR test images (rendered by scripts/render-ocr-fixtures.sh, committed). */
export function ocrFixture(name: "en-screenshot.png" | "ko-card.png" | "photo-no-text.jpg" | "en-large.png" | "animated.gif" | "bomb.png"): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../fixtures/ocr/${name}`, import.meta.url)));
}

export const OCR_FIXTURE_DIR = new URL("../fixtures/ocr/", import.meta.url);

/** The hostile files of issue 12, each with the problem it must come back as. */
export function hostileImages(): Array<{ name: string; bytes: Uint8Array; problem: string }> {
  const png = ocrFixture("en-screenshot.png");
  const jpg = ocrFixture("photo-no-text.jpg");
  return [
    { name: "zero bytes", bytes: new Uint8Array(0), problem: "empty" },
    { name: "truncated PNG (first half)", bytes: png.subarray(0, Math.floor(png.length / 2)), problem: "truncated" },
    { name: "truncated JPEG (first half)", bytes: jpg.subarray(0, Math.floor(jpg.length / 2)), problem: "truncated" },
    { name: "PNG header only", bytes: png.subarray(0, 40), problem: "truncated" },
    { name: "a text file named photo.jpg", bytes: new TextEncoder().encode("This is not an image, whatever its name says.\n"), problem: "not-an-image" },
    { name: "an HTML error page", bytes: new TextEncoder().encode("<!doctype html><title>403</title>"), problem: "not-an-image" },
    { name: "animated GIF", bytes: ocrFixture("animated.gif"), problem: "animated" },
    { name: "20,000 × 20,000 PNG (decompression bomb)", bytes: ocrFixture("bomb.png"), problem: "too-many-pixels" },
  ];
}
