import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { bytesImageSource } from "../../src/runtime/image-source.ts";
import type { IncomingMessage } from "../../src/runtime/types.ts";
import { loadSeedFactCheck } from "../support/seed.ts";
import { ocrFixture, POKEMON_ID } from "./fixtures.ts";

/**
 * Must show of issue 12 on the whole starter data (26,088 fact-checks in data/starter/, loaded into a fresh SQLite
 * index as on a first `npm start`), the real lookup and the real OCR: the two screenshots find their fact-checks
 * among everything claimbot ships.
 */
let app: App;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "claimbot-ocr-starter-"));
  app = await createApp({ config: loadConfig({ CLAIMBOT_DATA_DIR: dir }), logger: silentLogger });
}, 120_000);

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

function forwardedImage(bytes: Uint8Array): IncomingMessage {
  return {
    chat: { platform: "telegram", id: "42", kind: "dm" },
    sender: { id: "42", isBot: false },
    messageId: "1",
    fromSelf: false,
    post: { text: "", forwardOrigin: { kind: "channel", name: "Breaking" } },
    hasMedia: true,
    images: [bytesImageSource(bytes)],
    date: Date.now(),
  };
}

describe("screenshots against the whole starter data", () => {
  it("the English screenshot of a starter claim → match to that Snopes fact-check", async () => {
    expect(await app.index.count()).toBeGreaterThan(26_000);
    const reply = await app.runtime.handleDirect(forwardedImage(ocrFixture("en-screenshot.png")));
    expect(reply.kind).toBe("match");
    expect(reply.primary?.id).toBe(POKEMON_ID);
    expect(reply.primary?.rating).toBe("False");
    // The app's own engine pool started lazily on this first image and shows in /metrics.
    expect(await app.metrics.render()).toMatch(/claimbot_ocr_engines 1\b/);
    expect(await app.metrics.render()).toMatch(/claimbot_ocr_timeouts 0\b/);
  }, 60_000);

  it("the seed's Korean card → match to the AFP fact-check (Misleading)", async () => {
    const reply = await app.runtime.handleDirect(forwardedImage(ocrFixture("ko-card.png")));
    expect(reply.kind).toBe("match");
    expect(reply.primary?.url).toBe(loadSeedFactCheck().url);
    expect(reply.primary?.rating).toBe("Misleading");
    expect(reply.locale).toBe("ko");
  }, 60_000);

  it("a photo with no text → 'No text found in the image'", async () => {
    const reply = await app.runtime.handleDirect(forwardedImage(ocrFixture("photo-no-text.jpg")));
    expect(reply.title).toBe("No text found in the image");
  }, 60_000);
});
