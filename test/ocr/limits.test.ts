import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pickPhotoSize } from "../../src/adapters/telegram/images.ts";
import { ConfigError } from "../../src/core/errors.ts";
import { MemoryLogger } from "../../src/core/logger.ts";
import { loadConfig } from "../../src/config.ts";
import { probeImage } from "../../src/ocr/image-probe.ts";
import { findLanguages, parseLanguages, SHIPPED_LANG_DIR } from "../../src/ocr/languages.ts";
import { createTesseractOcr } from "../../src/ocr/tesseract-ocr.ts";
import { fetchLimited, ImageFetchError, ImageTooLargeError } from "../../src/runtime/image-source.ts";
import { ocrFixture } from "./fixtures.ts";

const MAX_PIXELS = 25_000_000;

describe("image probe (headers only, nothing decoded)", () => {
  it("reads format and size of the fixtures", () => {
    expect(probeImage(ocrFixture("en-screenshot.png"), MAX_PIXELS)).toEqual({ ok: true, format: "png", width: 900, height: 320 });
    expect(probeImage(ocrFixture("photo-no-text.jpg"), MAX_PIXELS)).toEqual({ ok: true, format: "jpeg", width: 480, height: 360 });
  });
  it("a still GIF passes, an APNG and an animated WebP do not", () => {
    const gif = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
    expect(probeImage(gif, MAX_PIXELS)).toEqual({ ok: true, format: "gif", width: 1, height: 1 });
    const png = Buffer.from(ocrFixture("en-screenshot.png"));
    // An acTL chunk right after IHDR makes it an animated PNG.
    const actl = Buffer.concat([Buffer.from([0, 0, 0, 8]), Buffer.from("acTL"), Buffer.alloc(8), Buffer.alloc(4)]);
    const apng = Buffer.concat([png.subarray(0, 33), actl, png.subarray(33)]);
    expect(probeImage(apng, MAX_PIXELS)).toEqual({ ok: false, problem: "animated" });
    const webp = Buffer.alloc(40);
    webp.write("RIFF", 0);
    webp.writeUInt32LE(32, 4);
    webp.write("WEBPVP8X", 8);
    webp[20] = 0x02;
    expect(probeImage(webp, MAX_PIXELS)).toEqual({ ok: false, problem: "animated" });
  });
  it("caps pixels on the declared size: a small file declaring a huge image is refused", () => {
    const bmp = Buffer.alloc(54);
    bmp.write("BM", 0);
    bmp.writeUInt32LE(54, 2);
    bmp.writeInt32LE(30_000, 18);
    bmp.writeInt32LE(-30_000, 22);
    expect(probeImage(bmp, MAX_PIXELS)).toEqual({ ok: false, problem: "too-many-pixels" });
    expect(probeImage(ocrFixture("bomb.png"), MAX_PIXELS)).toEqual({ ok: false, problem: "too-many-pixels" });
  });
});

describe("downloads are capped", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === "/liar") {
        // No content-length: chunked, and more than allowed.
        res.writeHead(200);
        for (let i = 0; i < 64; i++) res.write(Buffer.alloc(16 * 1024));
        res.end();
      } else if (req.url === "/declared") {
        res.writeHead(200, { "content-length": String(50_000_000) });
        res.end();
      } else if (req.url === "/ok") {
        res.writeHead(200).end(Buffer.from("hello"));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("stops reading once more than maxBytes arrived, refuses a declared size over it, reads what fits", async () => {
    await expect(fetchLimited(`${base}/liar`, 100_000)).rejects.toBeInstanceOf(ImageTooLargeError);
    await expect(fetchLimited(`${base}/declared`, 100_000)).rejects.toBeInstanceOf(ImageTooLargeError);
    expect(Buffer.from(await fetchLimited(`${base}/ok`, 100)).toString()).toBe("hello");
  });

  it("a failed download names no URL (Telegram file URLs hold the bot token)", async () => {
    const error = await fetchLimited(`${base}/file/bot123:SECRET/x.jpg`, 100).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageFetchError);
    expect(String((error as Error).message)).not.toContain("SECRET");
  });
});

describe("Telegram photo size", () => {
  const sizes = [
    { file_id: "s", width: 90, height: 60, file_size: 2_000 },
    { file_id: "m", width: 800, height: 600, file_size: 80_000 },
    { file_id: "l", width: 2560, height: 1920, file_size: 900_000 },
  ];
  it("takes the largest size within the byte and pixel limits", () => {
    expect(pickPhotoSize(sizes, { maxBytes: 10_000_000, maxPixels: 25_000_000 })?.file_id).toBe("l");
    expect(pickPhotoSize(sizes, { maxBytes: 500_000, maxPixels: 25_000_000 })?.file_id).toBe("m");
    expect(pickPhotoSize(sizes, { maxBytes: 10_000_000, maxPixels: 1_000_000 })?.file_id).toBe("m");
    expect(pickPhotoSize(sizes, { maxBytes: 1_000, maxPixels: 25_000_000 })?.file_id).toBe("s");
  });
});

describe("languages", () => {
  it("English is always loaded; OCR_LANGS accepts + , and spaces", () => {
    expect(parseLanguages("kor")).toEqual(["eng", "kor"]);
    expect(parseLanguages("eng+kor, jpn")).toEqual(["eng", "kor", "jpn"]);
  });

  it("finds English in npm, Korean in data/ocr, a new language in OCR_LANG_PATH; a missing one is named with the fix", async () => {
    const dir = mkdtempSync(join(tmpdir(), "claimbot-lang-"));
    try {
      // A real traineddata under another name (a file that is not one is skipped: unreadable-language.test.ts).
      copyFileSync(join(SHIPPED_LANG_DIR, "kor.traineddata"), join(dir, "xyz.traineddata"));
      const { found, missing } = findLanguages(["eng", "kor", "xyz", "qqq"], dir);
      expect(found.map((f) => [f.code, f.from])).toEqual([["eng", "npm"], ["kor", "data/ocr"], ["xyz", "OCR_LANG_PATH"]]);
      expect(missing).toEqual(["qqq"]);
      const logger = new MemoryLogger();
      const ocr = createTesseractOcr({ languages: "eng+qqq", langPath: dir, workers: 1, timeoutMs: 1000, maxPixels: MAX_PIXELS, maxBytes: 1000, logger });
      expect(ocr.languages).toEqual(["eng"]);
      const warning = logger.entries.find((e) => e.message === "ocr language not found");
      expect(warning?.fields).toMatchObject({ language: "qqq", fix: expect.stringContaining("OCR_LANG_PATH") });
      await ocr.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("config: OCR variables are validated by the zod schema and named, never their values", () => {
    expect(loadConfig({}).OCR_LANGS).toBe("eng+kor");
    expect(loadConfig({ OCR_WORKERS: "2", OCR_ENABLED: "off" })).toMatchObject({ OCR_WORKERS: 2, OCR_ENABLED: false });
    expect(() => loadConfig({ OCR_LANGS: "eng;rm -rf" })).toThrow(ConfigError);
    expect(() => loadConfig({ OCR_MAX_PIXELS: "5" })).toThrow(/OCR_MAX_PIXELS/);
  });
});

describe("claimbot doctor: OCR", () => {
  it("names the languages and where they come from; a missing one is a warning with the fix", async () => {
    const { ocrChecks } = await import("../../src/ocr/doctor.ts");
    const [line, missing] = ocrChecks({ OCR_ENABLED: true, OCR_LANGS: "eng+kor+qqq", OCR_LANG_PATH: undefined, OCR_WORKERS: 2 });
    expect(line).toMatchObject({ name: "ocr", status: "ok", detail: "2 engine(s), languages eng (npm), kor (data/ocr)" });
    expect(missing).toMatchObject({ name: "ocr language qqq", status: "warn", fix: expect.stringContaining("OCR_LANG_PATH") });
    expect(ocrChecks({ OCR_ENABLED: false, OCR_LANGS: "eng", OCR_LANG_PATH: undefined, OCR_WORKERS: 1 })[0]?.detail).toContain("off");
  });
});
