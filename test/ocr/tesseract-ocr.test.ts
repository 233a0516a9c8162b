import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryLogger } from "../../src/core/logger.ts";
import { createTesseractOcr, type TesseractOcr } from "../../src/ocr/tesseract-ocr.ts";
import { hostileImages, ocrFixture } from "./fixtures.ts";

/**
 * The real engine (tesseract.js, English from npm + Korean from data/ocr) on the committed fixtures. One engine is
 * shared by the whole file; the timeout test uses its own pool.
 */
let ocr: TesseractOcr;
const logger = new MemoryLogger();

beforeAll(async () => {
  ocr = createTesseractOcr({ languages: "eng+kor", workers: 1, timeoutMs: 20_000, maxPixels: 40_000_000, maxBytes: 10_000_000, logger });
  await ocr.warm();
}, 60_000);

afterAll(async () => {
  await ocr.close();
});

describe("tesseract OCR on the fixtures", () => {
  it("loads English and Korean out of the box", () => {
    expect(ocr.languages).toEqual(["eng", "kor"]);
  });

  it("reads the English screenshot word for word", async () => {
    const result = await ocr.read(ocrFixture("en-screenshot.png"));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.text).toContain("The U.S. government has announced");
    expect(result.text).toContain("permanently ban Pokemon Go");
    expect(result.language).toBe("en");
    expect(result.confidence).toBeGreaterThan(80);
  });

  it("reads the Korean card of the seed, syllables joined back into words", async () => {
    const result = await ocr.read(ocrFixture("ko-card.png"));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.text).toContain("러시아 국영 언론");
    expect(result.text).toContain("우크라이나에 파병 결정");
    expect(result.language).toBe("ko");
  });

  it("a photo without text gives empty text, not noise", async () => {
    const result = await ocr.read(ocrFixture("photo-no-text.jpg"));
    expect(result).toMatchObject({ ok: true, text: "" });
  });

  for (const hostile of hostileImages()) {
    it(`hostile: ${hostile.name} → ${hostile.problem}, and the engine still reads the next image`, async () => {
      const result = await ocr.read(hostile.bytes);
      expect(result).toEqual({ ok: false, problem: hostile.problem });
    });
  }

  it("over the byte limit → too-large before any decoding", async () => {
    const small = createTesseractOcr({ languages: "eng", workers: 1, timeoutMs: 5_000, maxPixels: 40_000_000, maxBytes: 1_000, logger });
    expect(await small.read(ocrFixture("en-screenshot.png"))).toEqual({ ok: false, problem: "too-large" });
    expect(small.pool.stats.started).toBe(0);
    await small.close();
  });

  it("the shared engine still works after every hostile file", async () => {
    const result = await ocr.read(ocrFixture("en-screenshot.png"));
    expect(result.ok && result.text).toContain("Pokemon Go");
    expect(ocr.pool.stats.started).toBe(1);
  });
});

describe("an image that takes too long", () => {
  it("times out, the engine thread is killed, and the next image starts a fresh engine", async () => {
    const slow = createTesseractOcr({ languages: "eng", workers: 1, timeoutMs: 1, maxPixels: 40_000_000, maxBytes: 10_000_000, logger });
    try {
      await slow.warm();
      expect(await slow.read(ocrFixture("en-large.png"))).toEqual({ ok: false, problem: "timeout" });
      expect(slow.pool.stats).toMatchObject({ started: 1, restarted: 1, timeouts: 1 });
      expect(slow.pool.engines).toBe(0);
      expect(logger.entries.some((e) => e.message === "ocr timeout, engine restarted")).toBe(true);
      await slow.read(ocrFixture("en-large.png"));
      expect(slow.pool.stats.started).toBe(2);
    } finally {
      await slow.close();
    }
  }, 30_000);
});
