import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runConsole } from "../../src/adapters/console/console.ts";
import { createApp, type App } from "../../src/app.ts";
import { startServing, type Serving } from "../../src/cli/commands/serve.ts";
import { loadConfig } from "../../src/config.ts";
import { MemoryLogger } from "../../src/core/logger.ts";
import type { Ocr } from "../../src/core/ocr.ts";
import { createTesseractOcr, type TesseractOcr } from "../../src/ocr/tesseract-ocr.ts";
import { bytesImageSource } from "../../src/runtime/image-source.ts";
import type { IncomingMessage } from "../../src/runtime/types.ts";
import { loadSeedFactCheck } from "../support/seed.ts";
import { hostileImages, OCR_FIXTURE_DIR, ocrFactChecks, ocrFixture, POKEMON_ID, POKEMON_URL } from "./fixtures.ts";

/**
 * Images through the runtime, the console and the HTTP API of one real app (SQLite index holding ocrFactChecks, the
 * real OCR engine shared by the file). The engine is wrapped in a counter at the port boundary to show the cache.
 */
const seed = loadSeedFactCheck();
const logger = new MemoryLogger();
let engine: TesseractOcr;
const reads: number[] = [];
let app: App;
let serving: Serving;
let base: string;
let dir: string;

beforeAll(async () => {
  engine = createTesseractOcr({ languages: "eng+kor", workers: 1, timeoutMs: 20_000, maxPixels: 25_000_000, maxBytes: 5_000_000, logger });
  await engine.warm();
  const counted: Ocr = {
    read: (image) => {
      reads.push(image.byteLength);
      return engine.read(image);
    },
    close: () => engine.close(),
  };
  dir = mkdtempSync(join(tmpdir(), "claimbot-ocr-"));
  const config = loadConfig({ CLAIMBOT_DATA_DIR: dir, HTTP_PORT: "0", HTTP_MAX_BODY_BYTES: String(1024 * 1024), OCR_MAX_IMAGE_BYTES: "5000000" });
  app = await createApp({ config, logger, skipStarterData: true, ocr: counted });
  await app.index.upsert(ocrFactChecks());
  serving = await startServing(app, { httpPort: "any" });
  base = `http://127.0.0.1:${serving.httpPort}`;
}, 60_000);

afterAll(async () => {
  await serving?.stop();
  rmSync(dir, { recursive: true, force: true });
});

let messageId = 0;
function dm(images: Uint8Array[], caption = ""): IncomingMessage {
  return {
    chat: { platform: "console", id: "ocr-dm", kind: "dm" },
    sender: { id: "u1", isBot: false, locale: "en" },
    messageId: String(++messageId),
    fromSelf: false,
    post: { text: caption },
    hasMedia: true,
    images: images.map(bytesImageSource),
    date: Date.now(),
  };
}

describe("runtime: images", () => {
  it("the English screenshot → match to the starter record, with 'Text read from the image'", async () => {
    const reply = await app.runtime.handleDirect(dm([ocrFixture("en-screenshot.png")]));
    expect(reply.kind).toBe("match");
    expect(reply.primary?.id).toBe(POKEMON_ID);
    expect(reply.imageText).toContain("permanently ban Pokemon Go");
    expect(reply.text).toContain("Text read from the image: ");
  });

  it("the Korean card of the seed → the AFP fact-check", async () => {
    const reply = await app.runtime.handleDirect(dm([ocrFixture("ko-card.png")]));
    expect(reply.primary?.url).toBe(seed.url);
    expect(reply.primary?.rating).toBe("Misleading");
  });

  it("a photo with no text → 'No text found in the image'", async () => {
    const reply = await app.runtime.handleDirect(dm([ocrFixture("photo-no-text.jpg")]));
    expect(reply.title).toBe("No text found in the image");
  });

  it("a photo with no text but a caption → the caption is still checked", async () => {
    const reply = await app.runtime.handleDirect(dm([ocrFixture("photo-no-text.jpg")], "The U.S. government has announced they are planning to permanently ban Pokemon Go"));
    expect(reply.primary?.id).toBe(POKEMON_ID);
    expect(reply.imageText).toBeUndefined();
  });

  it("the same image forwarded again (another chat) is read once: the OCR result is keyed by the SHA-256 of its bytes", async () => {
    const before = reads.length;
    const first = await app.runtime.handleDirect(dm([ocrFixture("en-screenshot.png")]));
    const again = await app.runtime.handleDirect({ ...dm([ocrFixture("en-screenshot.png")]), chat: { platform: "telegram", id: "999", kind: "dm" } });
    expect(reads.length).toBe(before);
    expect(again.primary?.id).toBe(first.primary?.id);
    expect(await app.metrics.render()).toMatch(/claimbot_ocr_cache_hits [1-9]/);
    expect(await app.metrics.render()).toMatch(/claimbot_ocr_images_read [1-9]/);
  });

  for (const hostile of hostileImages()) {
    it(`hostile: ${hostile.name} → a clear reply (${hostile.problem}), no crash`, async () => {
      const reply = await app.runtime.handleDirect(dm([hostile.bytes]));
      expect(reply.kind).toBe("rejected");
      expect(reply.title).toBe("Image not readable");
      expect(reply.text.length).toBeGreaterThan(10);
    });
  }

  it("a group with auto-check on but OCR at its default stays silent without reading the image", async () => {
    const chat = { platform: "console" as const, id: "ocr-group", kind: "group" as const };
    const admin = { id: "admin", isBot: false, isAdmin: true };
    await app.runtime.runCommand("settings", { auto_check: true }, { chat, user: admin, locale: "en" });
    const before = reads.length;
    const decision = await app.runtime.handleGroup({ ...dm([ocrFixture("ko-card.png").subarray(0)]), chat });
    expect(decision.kind).toBe("silent");
    expect(reads.length).toBe(before);
  });
});

describe("console: /image", () => {
  it("/image <path> answers like a forwarded screenshot; a missing path is explained", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let written = "";
    output.on("data", (chunk: Buffer) => (written += chunk.toString("utf8")));
    const path = fileURLToPath(new URL("en-screenshot.png", OCR_FIXTURE_DIR));
    input.end(`/image ${path}\n/image\n/image /nonexistent/file.png\n`);
    await runConsole({ runtime: app.runtime, index: { count: async () => 1, backend: "sqlite" }, defaultLocale: "en", input, output });
    expect(written).toContain("── False — Snopes ──");
    expect(written).toContain(POKEMON_URL);
    expect(written).toContain("Text read from the image: ");
    expect(written).toContain("Usage: /image <path");
    expect(written).toContain("I could not download the image");
  });
});

describe("HTTP: POST /v1/lookup with an image", () => {
  const post = (body: unknown) => fetch(`${base}/v1/lookup`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

  it("base64 image → the check --json object plus the text read", async () => {
    const res = await post({ image: b64(ocrFixture("en-screenshot.png")) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { outcome: string; matches: Array<{ id: string }>; image: { text: string; confidence: number } };
    expect(body.outcome).toBe("match");
    expect(body.matches[0]?.id).toBe(POKEMON_ID);
    expect(body.image.text).toContain("permanently ban Pokemon Go");
    expect(body.image.confidence).toBeGreaterThan(50);
  });

  it("a data: URL works too; a photo without text → reason no-text-in-image", async () => {
    const res = await post({ image: `data:image/jpeg;base64,${b64(ocrFixture("photo-no-text.jpg"))}` });
    expect(await res.json()).toEqual({ outcome: "rejected", matches: [], reason: "no-text-in-image", image: { text: "", confidence: 0 } });
  });

  it("unreadable images → 422 with the problem; not base64 → 400; over the body limit → 413", async () => {
    const truncated = await post({ image: b64(ocrFixture("en-screenshot.png").subarray(0, 5000)) });
    expect(truncated.status).toBe(422);
    expect(await truncated.json()).toMatchObject({ error: "image_unreadable", issues: { problem: "truncated" } });
    const bomb = await post({ image: b64(ocrFixture("bomb.png")) });
    expect(await bomb.json()).toMatchObject({ error: "image_unreadable", issues: { problem: "too-many-pixels" } });
    expect((await post({ image: "%%% not base64 %%%" })).status).toBe(400);
    expect((await post({ mode: "dm" })).status).toBe(400);
    expect((await post({ image: b64(new Uint8Array(900 * 1024)) })).status).toBe(413);
  });
});
