import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { FactCheckSchema, type FactCheck } from "../../src/core/factcheck.ts";
import { loadSeedFactCheck } from "../support/seed.ts";

/** The OCR test images (rendered by scripts/render-ocr-fixtures.sh, committed). */
export function ocrFixture(name: "en-screenshot.png" | "ko-card.png" | "photo-no-text.jpg" | "en-large.png" | "animated.gif" | "bomb.png"): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../fixtures/ocr/${name}`, import.meta.url)));
}

export const OCR_FIXTURE_DIR = new URL("../fixtures/ocr/", import.meta.url);

/** The hostile files of issue 12, each with the problem it must come back as. */
export function hostileImages(): Array<{ name: string; bytes: Uint8Array; problem: string }> {
  const png = ocrFixture("en-screenshot.png");
  const jpg = ocrFixture("photo-no-text.jpg");
  // Valid JPEG structure, garbage entropy-coded data: passes the header probe, fails in the decoder.
  const corrupt = jpg.slice();
  for (let i = 400; i < corrupt.length - 100; i += 5) corrupt[i] = 0;
  return [
    { name: "zero bytes", bytes: new Uint8Array(0), problem: "empty" },
    { name: "truncated PNG (first half)", bytes: png.subarray(0, Math.floor(png.length / 2)), problem: "truncated" },
    { name: "truncated JPEG (first half)", bytes: jpg.subarray(0, Math.floor(jpg.length / 2)), problem: "truncated" },
    { name: "PNG header only", bytes: png.subarray(0, 40), problem: "truncated" },
    { name: "a text file named photo.jpg", bytes: new TextEncoder().encode("This is not an image, whatever its name says.\n"), problem: "not-an-image" },
    { name: "an HTML error page", bytes: new TextEncoder().encode("<!doctype html><title>403</title>"), problem: "not-an-image" },
    { name: "corrupt JPEG data behind a valid header", bytes: corrupt, problem: "unreadable" },
    { name: "animated GIF", bytes: ocrFixture("animated.gif"), problem: "animated" },
    { name: "20,000 × 20,000 PNG (decompression bomb)", bytes: ocrFixture("bomb.png"), problem: "too-many-pixels" },
  ];
}

/** The fact-checks the OCR tests look images up in: the Pokemon Go Snopes record of the starter data, the seed AFP
 * record, and the 320 Snopes records of test/fixtures/lookup as distractors. */
export function ocrFactChecks(): FactCheck[] {
  const starter = gunzipSync(readFileSync(new URL("../../data/starter/veritas-snopes.jsonl.gz", import.meta.url))).toString("utf8");
  const pokemon = starter.split("\n").find((line) => line.includes(`"id":"${POKEMON_ID}"`));
  if (!pokemon) throw new Error("the Pokemon Go record is missing from data/starter");
  const sample = readFileSync(new URL("../fixtures/lookup/snopes-sample.jsonl", import.meta.url), "utf8").split("\n").filter(Boolean);
  return [pokemon, ...sample].map((line) => FactCheckSchema.parse(JSON.parse(line))).concat(loadSeedFactCheck());
}

/** The starter record the English screenshot repeats (Snopes, "False"). */
export const POKEMON_ID = "snopes-com-388c41bdba2f8f0a";
export const POKEMON_URL = "https://www.snopes.com/fact-check/us-bans-pokemon-go/";
