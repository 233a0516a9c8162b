import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLookup } from "../../../src/core/lookup.ts";
import { MemoryLogger } from "../../../src/core/logger.ts";
import { createTesseractOcr, type TesseractOcr } from "../../../src/ocr/tesseract-ocr.ts";
import { createRuntime, type BotRuntime } from "../../../src/runtime/runtime.ts";
import { MemorySearchIndex } from "../../../src/search/memory.ts";
import { openDatabase } from "../../../src/store/database.ts";
import { createIdHasher } from "../../../src/store/hash-key.ts";
import { openRuntimeStores, type RuntimeStores } from "../../../src/store/runtime-stores.ts";
import { loadSeedFactCheck } from "../../support/seed.ts";
import { ocrFactChecks, ocrFixture, POKEMON_URL } from "../../ocr/fixtures.ts";
import { startHarness, sleep, type Harness } from "./harness.ts";
import { command, GROUP_CHAT, message, USER } from "./updates.ts";

/**
 * Images end to end on Telegram: telegraf long-polls the loopback fake Bot API, which also serves `getFile` and the
 * file downloads; the real runtime, the real lookup over an in-memory index (ocrFactChecks) and the real OCR engine
 * (one engine shared by the file).
 */
const SEED = loadSeedFactCheck();
let ocr: TesseractOcr;
let harness: Harness | undefined;
let runtime: BotRuntime | undefined;
let stores: RuntimeStores | undefined;

beforeAll(async () => {
  ocr = createTesseractOcr({ languages: "eng+kor", workers: 1, timeoutMs: 20_000, maxPixels: 25_000_000, maxBytes: 5_000_000, logger: new MemoryLogger() });
  await ocr.warm();
}, 60_000);

afterAll(async () => {
  await ocr.close();
});

afterEach(async () => {
  await harness?.close();
  harness = undefined;
  runtime?.close();
  stores?.db.close();
});

async function start(): Promise<Harness> {
  stores = openRuntimeStores(openDatabase(":memory:"));
  const index = new MemorySearchIndex(ocrFactChecks());
  runtime = createRuntime({
    lookup: createLookup({ index }),
    index,
    stores,
    hashId: createIdHasher("test-hash-key"),
    defaultLocale: "en",
    retentionTimer: false,
    retentionDays: 90,
    ocr,
    ocrMaxBytes: 5_000_000,
  });
  // The bot reads all group messages (privacy mode off), so no privacy notice follows /settings.
  harness = await startHarness(runtime, { fake: { me: { can_read_all_group_messages: true } } });
  return harness;
}

const FORWARD = { forward_origin: { type: "channel", date: 1650000000, chat: { id: -1009876543210, type: "channel", title: "Breaking" }, message_id: 7 } };

function photo(fileId: string, bytes: Uint8Array, width = 900, height = 320) {
  return [
    { file_id: `${fileId}-thumb`, file_unique_id: `${fileId}-t`, width: 90, height: 32, file_size: 900 },
    { file_id: fileId, file_unique_id: `${fileId}-u`, width, height, file_size: bytes.byteLength },
  ];
}

describe("telegram: images", () => {
  it("a forwarded photo of a screenshot → the Snopes fact-check, with the text read from the image", async () => {
    const h = await start();
    h.api.addFile("en1", ocrFixture("en-screenshot.png"));
    h.api.pushUpdate(message({ photo: photo("en1", ocrFixture("en-screenshot.png")), ...FORWARD }));
    const [sent] = await h.api.waitFor("sendMessage", 1, 30_000);
    const text = String(sent?.body.text);
    expect(text).toContain("Snopes");
    expect(text).toContain(POKEMON_URL);
    expect(text).toContain("Text read from the image: ");
    expect(text).toContain("permanently ban Pokemon Go");
    // The largest size was downloaded, through getFile and the file route of TELEGRAM_API_ROOT; not the thumbnail.
    expect(h.api.calls("getFile").map((c) => c.body.file_id)).toEqual(["en1"]);
    expect(h.api.downloads).toEqual(["photos/en1.jpg"]);
  }, 60_000);

  it("the Korean card sent as an image file (document) → the AFP fact-check", async () => {
    const h = await start();
    const card = ocrFixture("ko-card.png");
    h.api.addFile("ko1", card, "documents/card.png");
    h.api.pushUpdate(message({ document: { file_id: "ko1", file_unique_id: "ko1u", file_name: "card.png", mime_type: "image/png", file_size: card.byteLength }, ...FORWARD }, { id: 4242, type: "private", first_name: "Mina" }, { ...USER, language_code: "ko" }));
    const [sent] = await h.api.waitFor("sendMessage", 1, 30_000);
    const text = String(sent?.body.text);
    expect(text).toContain(SEED.url);
    expect(text).toContain("이미지에서 읽은 글");
    expect(text).toContain("우크라이나에 파병 결정");
  }, 60_000);

  it("a media group (two photos, one caption) gets exactly one reply", async () => {
    const h = await start();
    h.api.addFile("g1", ocrFixture("en-screenshot.png"));
    h.api.addFile("g2", ocrFixture("photo-no-text.jpg"));
    h.api.pushUpdate(
      message({ media_group_id: "album-1", photo: photo("g1", ocrFixture("en-screenshot.png")), caption: "is this true?", ...FORWARD }),
      message({ media_group_id: "album-1", photo: photo("g2", ocrFixture("photo-no-text.jpg"), 480, 360), ...FORWARD }),
    );
    const [sent] = await h.api.waitFor("sendMessage", 1, 30_000);
    expect(String(sent?.body.text)).toContain(POKEMON_URL);
    await sleep(500);
    expect(h.api.calls("sendMessage")).toHaveLength(1);
    expect(h.api.downloads.sort()).toEqual(["photos/g1.jpg", "photos/g2.jpg"]);
  }, 60_000);

  it("the same photo forwarded again (same file_unique_id) is answered from the cache: downloaded and read once", async () => {
    const h = await start();
    h.api.addFile("v1", ocrFixture("en-screenshot.png"));
    h.api.addFile("v2", ocrFixture("en-screenshot.png"), "photos/v2.jpg");
    const viral = (fileId: string) => [{ file_id: fileId, file_unique_id: "viral-unique", width: 900, height: 320, file_size: ocrFixture("en-screenshot.png").byteLength }];
    h.api.pushUpdate(message({ photo: viral("v1"), ...FORWARD }));
    await h.api.waitFor("sendMessage", 1, 30_000);
    h.api.pushUpdate(message({ photo: viral("v2"), ...FORWARD }, { id: 777, type: "private", first_name: "Other" }, { ...USER, id: 777 }));
    const sent = await h.api.waitFor("sendMessage", 2, 30_000);
    expect(String(sent[1]?.body.text)).toContain(POKEMON_URL);
    expect(h.api.downloads).toEqual(["photos/v1.jpg"]);
  }, 60_000);

  it("a photo without text → 'No text found in the image', not a crash", async () => {
    const h = await start();
    h.api.addFile("p1", ocrFixture("photo-no-text.jpg"));
    h.api.pushUpdate(message({ photo: photo("p1", ocrFixture("photo-no-text.jpg"), 480, 360) }));
    const [sent] = await h.api.waitFor("sendMessage", 1, 30_000);
    expect(String(sent?.body.text)).toContain("No text found in the image");
  }, 60_000);

  it("hostile: a text file named photo.jpg, and a photo over the size limit → clear replies, no crash, nothing over the limit downloaded", async () => {
    const h = await start();
    const fake = new TextEncoder().encode("not an image at all");
    h.api.addFile("d1", fake, "documents/photo.jpg");
    h.api.pushUpdate(message({ document: { file_id: "d1", file_unique_id: "d1u", file_name: "photo.jpg", mime_type: "image/jpeg", file_size: fake.byteLength } }));
    const [first] = await h.api.waitFor("sendMessage", 1, 30_000);
    expect(String(first?.body.text)).toContain("not an image I can read");
    h.api.pushUpdate(message({ photo: [{ file_id: "big", file_unique_id: "bigu", width: 4000, height: 3000, file_size: 6_000_000 }] }));
    const sent = await h.api.waitFor("sendMessage", 2, 30_000);
    expect(String(sent[1]?.body.text)).toContain("too large");
    expect(h.api.calls("getFile").map((c) => c.body.file_id)).toEqual(["d1"]);
  }, 60_000);

  it("/check as a reply to a photo reads it", async () => {
    const h = await start();
    h.api.addFile("r1", ocrFixture("en-screenshot.png"));
    h.api.pushUpdate(command("/check", undefined, undefined, { reply_to_message: { message_id: 1, date: 0, chat: { id: 4242, type: "private" }, photo: photo("r1", ocrFixture("en-screenshot.png")) } }));
    const [sent] = await h.api.waitFor("sendMessage", 1, 30_000);
    expect(String(sent?.body.text)).toContain(POKEMON_URL);
  }, 60_000);

  it("groups: OCR is off by default (no download even with auto-check on); /settings ocr on turns it on", async () => {
    const h = await start();
    h.api.setChatMember(GROUP_CHAT.id, 5151, "administrator");
    const admin = { id: 5151, is_bot: false, first_name: "Admin", language_code: "en" };
    h.api.pushUpdate(command("/settings auto_check on", GROUP_CHAT, admin));
    const [settings] = await h.api.waitFor("sendMessage", 1, 30_000);
    expect(String(settings?.body.text)).toContain("Read text in images when screening (OCR): off (default in groups");
    h.api.addFile("gp", ocrFixture("en-screenshot.png"));
    h.api.pushUpdate(message({ photo: photo("gp", ocrFixture("en-screenshot.png")) }, GROUP_CHAT));
    await sleep(800);
    expect(h.api.calls("getFile")).toHaveLength(0);
    h.api.pushUpdate(command("/settings ocr on", GROUP_CHAT, admin));
    const after = await h.api.waitFor("sendMessage", 2, 30_000);
    expect(String(after[1]?.body.text)).toContain("Read text in images when screening (OCR): on");
    h.api.pushUpdate(message({ photo: photo("gp", ocrFixture("en-screenshot.png")) }, GROUP_CHAT));
    const replies = await h.api.waitFor("sendMessage", 3, 30_000);
    expect(String(replies[2]?.body.text)).toContain(POKEMON_URL);
    expect(h.api.calls("getFile")).toHaveLength(1);
  }, 60_000);

  it("groups: an album (two photos) with OCR on is screened once, merged → one reply", async () => {
    const h = await start();
    h.api.setChatMember(GROUP_CHAT.id, 5151, "administrator");
    const admin = { id: 5151, is_bot: false, first_name: "Admin", language_code: "en" };
    h.api.pushUpdate(command("/settings auto_check on ocr on", GROUP_CHAT, admin));
    await h.api.waitFor("sendMessage", 1, 30_000);
    h.api.addFile("a1", ocrFixture("en-screenshot.png"));
    // Two different claims: screened one by one they would get two replies (two fact-checks, no cooldown between them).
    h.api.addFile("a2", ocrFixture("ko-card.png"), "photos/a2.png");
    h.api.pushUpdate(
      message({ media_group_id: "group-album", photo: photo("a1", ocrFixture("en-screenshot.png")) }, GROUP_CHAT),
      message({ media_group_id: "group-album", photo: [{ file_id: "a2", file_unique_id: "a2u", width: 1000, height: 340, file_size: 44_000 }] }, GROUP_CHAT),
    );
    const replies = await h.api.waitFor("sendMessage", 2, 30_000);
    expect(String(replies[1]?.body.text)).toMatch(new RegExp(`${POKEMON_URL}|${SEED.url.replace(/[.?]/g, "\\$&")}`));
    await sleep(800);
    expect(h.api.calls("sendMessage")).toHaveLength(2);
    expect(h.api.calls("getFile")).toHaveLength(2);
  }, 60_000);
});
