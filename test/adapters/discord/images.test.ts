import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDiscord } from "../../../src/adapters/discord/index.ts";
import { createApp, type App } from "../../../src/app.ts";
import { loadConfig } from "../../../src/config.ts";
import { MemoryLogger } from "../../../src/core/logger.ts";
import { createTesseractOcr } from "../../../src/ocr/tesseract-ocr.ts";
import { loadSeedFactCheck } from "../../support/seed.ts";
import { ocrFactChecks, ocrFixture, POKEMON_URL } from "../../ocr/fixtures.ts";
import { DEFAULT_BOT_USER, FakeDiscord, type RecordedCall } from "./fake-discord.ts";
import { ADMIN_ID, DM_CHANNEL_ID, dmMessage, forwarded, guild, guildMessage, messageCommand, PERMISSIONS_ALL, slashCommand, snowflake } from "./payloads.ts";

/**
 * Images end to end on Discord: the real app (runtime, SQLite index holding ocrFactChecks, real OCR engine) behind
 * discord.js, against the loopback Discord, whose fake CDN serves the attachments.
 */
const seed = loadSeedFactCheck();
let fake: FakeDiscord;
let app: App;
let bot: { stop(): Promise<void> };
let dir: string;
const logger = new MemoryLogger();
const MAX_BYTES = 2_000_000;

beforeAll(async () => {
  fake = await FakeDiscord.start({ guilds: [guild(DEFAULT_BOT_USER)] });
  dir = mkdtempSync(join(tmpdir(), "claimbot-discord-images-"));
  const config = loadConfig({ CLAIMBOT_DATA_DIR: dir, DISCORD_TOKEN: "fake-token-images", DISCORD_API_ROOT: fake.apiRoot, HTTP_PORT: "0", OCR_MAX_IMAGE_BYTES: String(MAX_BYTES) });
  const ocr = createTesseractOcr({ languages: "eng+kor", workers: 1, timeoutMs: 20_000, maxPixels: 25_000_000, maxBytes: MAX_BYTES, logger });
  await ocr.warm();
  app = await createApp({ config, logger, skipStarterData: true, ocr });
  await app.index.upsert(ocrFactChecks());
  bot = await startDiscord(app);
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await app?.close();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

function attachment(name: string, bytes: Uint8Array, contentType: string, extra: Record<string, unknown> = {}) {
  const url = fake.addAttachment(name, bytes);
  return { id: snowflake(), filename: name, size: bytes.byteLength, url, proxy_url: url, content_type: contentType, width: 900, height: 320, ...extra };
}

const dmReply = (id: string) => (c: RecordedCall) =>
  c.method === "POST" && c.path.endsWith(`/channels/${DM_CHANNEL_ID}/messages`) && c.body?.message_reference?.message_id === id;

async function dmWith(attachments: unknown[]): Promise<RecordedCall> {
  const id = snowflake();
  fake.dispatch("MESSAGE_CREATE", dmMessage("", { id, attachments }));
  return fake.waitForCall(dmReply(id), 30_000);
}

describe("discord: images", () => {
  it("a DM with a screenshot attachment → the Snopes fact-check, and the text read from the image as a field", async () => {
    const sent = await dmWith([attachment("shot.png", ocrFixture("en-screenshot.png"), "image/png")]);
    const [embed] = sent.body.embeds;
    expect(embed.title).toBe("False");
    expect(embed.url).toBe(POKEMON_URL);
    const field = embed.fields.find((f: { name: string }) => f.name === "Text read from the image");
    expect(field?.value).toContain("permanently ban Pokemon Go");
    expect(fake.downloads).toContain("shot.png");
  }, 60_000);

  it("'Check this message' on a forwarded message whose snapshot carries the Korean card → the AFP fact-check", async () => {
    const card = attachment("card.png", ocrFixture("ko-card.png"), "image/png", { width: 1000, height: 340 });
    const message = forwarded(guildMessage(""), "");
    (message.message_snapshots[0]!.message as Record<string, unknown>).attachments = [card];
    const interaction = messageCommand(fake.appId, "Check this message", message);
    fake.dispatch("INTERACTION_CREATE", interaction);
    const edit = await fake.waitForCall(
      (c) => c.method === "PATCH" && c.path.endsWith(`/${interaction.token}/messages/%40original`) && c.status === 200,
      30_000,
    );
    expect(edit.body.embeds[0].title).toBe("Misleading");
    expect(edit.body.embeds[0].url).toBe(seed.url);
  }, 60_000);

  it("a photo without text → 'No text found in the image'", async () => {
    const sent = await dmWith([attachment("beach.jpg", ocrFixture("photo-no-text.jpg"), "image/jpeg")]);
    expect(sent.body.embeds[0].title).toBe("No text found in the image");
  }, 60_000);

  it("hostile attachments each get a clear reply: not an image, animated, over the size limit (never downloaded), a bomb", async () => {
    const notImage = await dmWith([attachment("photo.jpg", new TextEncoder().encode("<html>not an image</html>"), "image/jpeg")]);
    expect(notImage.body.embeds[0].description).toContain("not an image I can read");
    const animated = await dmWith([attachment("funny.gif", ocrFixture("animated.gif"), "image/gif")]);
    expect(animated.body.embeds[0].description).toContain("Animated images are not read");
    const big = attachment("huge.png", ocrFixture("en-screenshot.png"), "image/png", { size: MAX_BYTES + 1 });
    const tooLarge = await dmWith([big]);
    expect(tooLarge.body.embeds[0].description).toContain("too large");
    expect(fake.downloads).not.toContain("huge.png");
    const bomb = await dmWith([attachment("bomb.png", ocrFixture("bomb.png"), "image/png", { width: 20000, height: 20000 })]);
    expect(bomb.body.embeds[0].description).toContain("too many pixels");
  }, 60_000);

  it("screened channel: with auto-check on, images are not read until an admin sets ocr:True; then a screenshot gets a reply", async () => {
    const settings = async (options: unknown[]) => {
      const interaction = slashCommand(fake.appId, "claimbot", [{ name: "settings", type: 1, options }], { userId: ADMIN_ID, permissions: PERMISSIONS_ALL });
      fake.dispatch("INTERACTION_CREATE", interaction);
      return fake.waitForCall((c) => c.method === "PATCH" && c.path.endsWith(`/${interaction.token}/messages/%40original`) && c.status === 200, 30_000);
    };
    const on = await settings([{ name: "auto_check", type: 5, value: true }, { name: "action", type: 3, value: "reply" }]);
    expect(on.body.embeds[0].description).toContain("Read text in images when screening (OCR): off (default in groups");
    const decisions = () => logger.entries.filter((e) => e.message === "discord group decision").length;
    const before = decisions();
    fake.dispatch("MESSAGE_CREATE", guildMessage("", { extra: { attachments: [attachment("group1.png", ocrFixture("en-screenshot.png"), "image/png")] } }));
    const deadline = Date.now() + 10_000;
    while (decisions() === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(decisions()).toBe(before + 1);
    expect(fake.downloads).not.toContain("group1.png");
    const ocrOn = await settings([{ name: "ocr", type: 5, value: true }]);
    expect(ocrOn.body.embeds[0].description).toContain("Read text in images when screening (OCR): on");
    const message = guildMessage("", { extra: { attachments: [attachment("group2.png", ocrFixture("en-screenshot.png"), "image/png")] } });
    fake.dispatch("MESSAGE_CREATE", message);
    const reply = await fake.waitForCall((c) => c.method === "POST" && c.body?.message_reference?.message_id === message.id, 30_000);
    expect(reply.body.embeds[0].url).toBe(POKEMON_URL);
    expect(fake.downloads).toContain("group2.png");
  }, 60_000);
});
