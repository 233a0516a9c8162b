import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLookup } from "../../../src/core/lookup.ts";
import type { Lookup, LookupFn } from "../../../src/core/lookup-types.ts";
import { createRuntime, type BotRuntime } from "../../../src/runtime/runtime.ts";
import { MemorySearchIndex } from "../../../src/search/memory.ts";
import { openDatabase } from "../../../src/store/database.ts";
import { createIdHasher } from "../../../src/store/hash-key.ts";
import { openRuntimeStores, type RuntimeStores } from "../../../src/store/runtime-stores.ts";
import { SEED, SEED_POST } from "./fake-runtime.ts";
import { startHarness, sleep, withoutTags, type Harness } from "./harness.ts";
import { ADMIN, GROUP_CHAT, USER, callbackQuery, command, forwardedChannelPost, groupText, inlineQuery, message } from "./updates.ts";

/**
 * End to end with the real runtime (src/runtime/runtime.ts: commands, settings, policy, feedback, tips) and its
 * SQLite stores (in memory); telegraf long-polls the loopback fake Bot API; assertions are on the wire.
 * The lookup is a fake at its port (`LookupFn`) that matches the seed claim with a sure score, so these tests do not
 * move with the reranker's calibration; the first test runs the real lookup pipeline over an in-memory index holding
 * the seed fact-check (test/fixtures/telegram/seed-afp.jsonl).
 */
let harness: Harness | undefined;
let runtime: BotRuntime;
let stores: RuntimeStores;

const QUERY = { language: "en", cleanedLength: 0, queries: [], urls: [] };

/** A `LookupFn` at the port boundary: posts about North Korean troops in Ukraine match the seed fact-check. */
const seedLookup: LookupFn = async (post, mode): Promise<Lookup> => {
  const t = post.text.toLowerCase();
  if (t.includes("north korea") && t.includes("troops")) {
    const match = { factCheck: SEED, score: 0.97, backendScore: 10, matchedTerms: ["north", "korea", "troops"], urlHit: false };
    return { outcome: "match", mode, query: QUERY, tookMs: 1, matches: [match], candidates: [match] };
  }
  return { outcome: "none", mode, query: QUERY, tookMs: 1, matches: [], candidates: [] };
};

function makeRuntime(lookup: LookupFn): void {
  const index = new MemorySearchIndex([SEED]);
  stores = openRuntimeStores(openDatabase(":memory:"));
  runtime = createRuntime({
    lookup,
    index,
    stores,
    hashId: createIdHasher("test-hash-key"),
    defaultLocale: "en",
    retentionDays: 90,
    retentionTimer: false,
  });
}

beforeEach(() => makeRuntime(seedLookup));

afterEach(async () => {
  await harness?.close();
  harness = undefined;
  runtime.close();
  stores.db.close();
});

type Keyboard = Array<Array<{ text: string; url?: string; callback_data?: string }>>;

describe("telegram adapter with the real runtime", () => {
  it("the real lookup pipeline: a forwarded post with the seed claim is answered with the AFP rating and link", async () => {
    runtime.close();
    stores.db.close();
    makeRuntime(createLookup({ index: new MemorySearchIndex([SEED]) }));
    harness = await startHarness(runtime);
    harness.api.pushUpdate(forwardedChannelPost(SEED.claim));
    const [sent] = await harness.api.waitFor("sendMessage", 1);
    const text = String(sent?.body.text);
    // Match or related depends on the reranker's calibration; either way the verdict and the link are shown.
    expect(text).toContain("Misleading");
    expect(text).toContain(SEED.url);
    expect(withoutTags(text)).not.toMatch(/[<>]/);
  });

  it("a post with <b>, & and @everyone (real lookup) → a reply whose HTML is only the bot's own markup", async () => {
    runtime.close();
    stores.db.close();
    makeRuntime(createLookup({ index: new MemorySearchIndex([SEED]) }));
    harness = await startHarness(runtime);
    harness.api.pushUpdate(forwardedChannelPost(`<b>@everyone</b> ${SEED.claim} & <i>troops</i> &amp; <script>x</script>`));
    const [sent] = await harness.api.waitFor("sendMessage", 1);
    expect(sent?.body.parse_mode).toBe("HTML");
    const text = String(sent?.body.text);
    expect(text).toContain(SEED.url);
    expect(withoutTags(text)).not.toMatch(/[<>]/);
    // Every & starts an entity: nothing of the post reaches Telegram's HTML parser raw.
    expect(text).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#\d+;)/);
    expect(text).not.toContain("<script>");
    expect(text).not.toContain("@everyone");
  });

  it("a forwarded channel post with the seed claim → one sendMessage: verdict, AFP link, escaped HTML, feedback keyboard", async () => {
    harness = await startHarness(runtime);
    harness.api.pushUpdate(forwardedChannelPost(SEED_POST));
    const [sent] = await harness.api.waitFor("sendMessage", 1);
    await sleep(200);
    expect(harness.api.calls("sendMessage")).toHaveLength(1);
    const body = sent!.body;
    const text = String(body.text);
    expect(body.parse_mode).toBe("HTML");
    expect(text).toContain("Misleading");
    expect(text).toContain(SEED.url);
    expect(text).toContain("AFP Fact Check");
    expect(withoutTags(text)).not.toMatch(/[<>]/);
    expect(body.link_preview_options).toMatchObject({ url: SEED.url });
    const buttons = (body.reply_markup as { inline_keyboard: Keyboard }).inline_keyboard.flat();
    expect(buttons.some((b) => b.url === SEED.url)).toBe(true);
    const feedback = buttons.filter((b) => b.callback_data?.startsWith("f:"));
    expect(feedback).toHaveLength(2);

    // Pressing "wrong match" is answered and stored (ids and scores only).
    harness.api.pushUpdate(callbackQuery(feedback[1]!.callback_data!));
    const [answer] = await harness.api.waitFor("answerCallbackQuery", 1);
    expect(answer?.body.text).toBe("Thanks for your feedback.");
    const rows = stores.feedback.list();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ value: "wrong", topId: SEED.id });
  });

  it("a post with no fact-check gets the tip button; pressing it queues the tip", async () => {
    harness = await startHarness(runtime);
    harness.api.pushUpdate(message({ text: "The mayor of Springfield secretly owns every bakery in the city" }));
    const [sent] = await harness.api.waitFor("sendMessage", 1);
    const buttons = (sent!.body.reply_markup as { inline_keyboard: Keyboard }).inline_keyboard.flat();
    const tip = buttons.find((b) => b.callback_data?.startsWith("t:"));
    expect(tip).toBeDefined();
    harness.api.pushUpdate(callbackQuery(tip!.callback_data!));
    const [answer] = await harness.api.waitFor("answerCallbackQuery", 1);
    expect(String(answer?.body.text)).toContain("tip");
    expect(stores.tips.list().length).toBe(1);
  });

  it("a photo without caption: only text can be checked", async () => {
    harness = await startHarness(runtime);
    harness.api.pushUpdate(message({ photo: [{ file_id: "p", file_unique_id: "u", width: 1, height: 1 }] }));
    const [sent] = await harness.api.waitFor("sendMessage", 1);
    expect(String(sent?.body.text)).toContain("Only text can be checked");
  });

  it("group: off → silence; admin turns it on → reply to the matching message; same claim in cooldown → silence; non-admin /settings refused", async () => {
    harness = await startHarness(runtime);
    const { api } = harness;
    api.setChatMember(GROUP_CHAT.id, ADMIN.id, "administrator");

    api.pushUpdate(groupText(SEED_POST));
    await sleep(400);
    expect(api.calls("sendMessage")).toHaveLength(0);

    api.pushUpdate(command("/settings auto_check on", GROUP_CHAT, ADMIN));
    const afterSettings = await api.waitFor("sendMessage", 2);
    expect(String(afterSettings[0]?.body.text)).toMatch(/Auto-check: on/);
    expect(String(afterSettings[1]?.body.text)).toContain("privacy mode");

    const matching = groupText(SEED_POST);
    api.pushUpdate(matching);
    const [, , reply] = await api.waitFor("sendMessage", 3);
    expect(reply?.body.reply_parameters).toMatchObject({ message_id: (matching.message as { message_id: number }).message_id });
    expect(String(reply?.body.text)).toContain(SEED.url);

    api.pushUpdate(groupText(SEED_POST));
    await sleep(400);
    expect(api.calls("sendMessage")).toHaveLength(3);

    api.pushUpdate(command("/settings auto_check off", GROUP_CHAT, USER));
    const [, , , refused] = await api.waitFor("sendMessage", 4);
    expect(String(refused?.body.text)).toContain("Only chat admins can use /settings");
    expect(api.calls("getChatMember").some((r) => r.body.user_id === USER.id)).toBe(true);
  });

  it("an inline query → answerInlineQuery with the seed fact-check", async () => {
    harness = await startHarness(runtime);
    harness.api.pushUpdate(inlineQuery("North Korea decided to send troops to Ukraine"));
    const [answer] = await harness.api.waitFor("answerInlineQuery", 1);
    const results = answer?.body.results as Array<{ type: string; input_message_content: { message_text: string } }>;
    expect(results.length).toBeGreaterThanOrEqual(1);
    expect(results[0]?.input_message_content.message_text).toContain(SEED.url);
    expect(answer?.body.cache_time).toBeGreaterThan(0);
  });

  it("several forwards arriving together get one reply; /about and /privacy answer", async () => {
    harness = await startHarness(runtime);
    harness.api.pushUpdate(
      forwardedChannelPost("[Breaking] Russian state media reported"),
      forwardedChannelPost("that North Korea has decided to send troops to Ukraine"),
    );
    const [sent] = await harness.api.waitFor("sendMessage", 1);
    expect(String(sent?.body.text)).toContain(SEED.url);
    await sleep(200);
    expect(harness.api.calls("sendMessage")).toHaveLength(1);
    harness.api.pushUpdate(command("/about"), command("/privacy"));
    const replies = await harness.api.waitFor("sendMessage", 3);
    expect(String(replies[1]?.body.text).length + String(replies[2]?.body.text).length).toBeGreaterThan(100);
    expect(replies.slice(1).every((r) => r.body.parse_mode === "HTML")).toBe(true);
  });

  it("/help and /start answer in the user's language (Korean)", async () => {
    harness = await startHarness(runtime);
    harness.api.pushUpdate(command("/help", undefined, { ...USER, language_code: "ko" }));
    const [sent] = await harness.api.waitFor("sendMessage", 1);
    expect(String(sent?.body.text)).toMatch(/[가-힣]/);
  });
});
