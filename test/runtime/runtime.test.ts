import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createIdHasher, HASH_KEY_FILE, loadHashKey } from "../../src/store/hash-key.ts";
import { RUNTIME_MIGRATIONS, RUNTIME_SCHEMA_SCOPE } from "../../src/store/runtime-schema.ts";
import { applyRetention } from "../../src/store/retention.ts";
import { ADMIN, DM, GROUP, message, makeRuntime, SEED, SEED_TEXT, UNRELATED_CLAIM, USER } from "./helpers.ts";

const ctx = (chat = DM, user = USER) => ({ chat, user, locale: "en" as const });

/** Every text cell of every table in the database, to prove what is (not) stored. */
function allStoredText(db: import("better-sqlite3").Database): string {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
  return tables.map(({ name }) => JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all())).join("\n");
}

describe("runtime: private chats", () => {
  it("answers a match with the verdict, link and feedback actions", async () => {
    const { runtime, lookup } = makeRuntime();
    const reply = await runtime.handleDirect(message(SEED_TEXT));
    expect(lookup.calls[0]?.mode).toBe("dm");
    expect(reply.kind).toBe("match");
    expect(reply.text).toContain(SEED.url);
    const feedback = reply.actions.filter((a) => a.kind === "feedback");
    expect(feedback).toHaveLength(2);
    expect(reply.actions.some((a) => a.kind === "tip")).toBe(false);
  });

  it("records feedback with ids and scores, once per user, and refuses unknown tokens", async () => {
    const { runtime, stores } = makeRuntime();
    const reply = await runtime.handleDirect(message(SEED_TEXT));
    const token = reply.actions.find((a) => a.kind === "feedback")!.token;
    expect(await runtime.recordFeedback(token, "helpful", USER)).toMatchObject({ ok: true });
    expect(await runtime.recordFeedback(token, "wrong", USER)).toMatchObject({ ok: true });
    const rows = stores.feedback.list();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ value: "wrong", outcome: "match", topId: SEED.id, topScore: 0.95, mode: "dm" });
    expect(rows[0]?.userHash).not.toContain(USER.id);
    expect(await runtime.recordFeedback("nope", "helpful", USER)).toEqual({ ok: false, message: "This button has expired." });
  });

  it("keeps no message text in any table after a DM lookup without tip consent", async () => {
    const { runtime, db } = makeRuntime();
    await runtime.handleDirect(message(SEED_TEXT));
    await runtime.runCommand("settings", { args: "auto_check on" }, ctx(GROUP, ADMIN));
    expect((await runtime.handleGroup(message(SEED_TEXT, GROUP))).kind).toBe("reply");
    await runtime.handleGroup(message(`${UNRELATED_CLAIM} in the group`, GROUP));
    const none = await runtime.handleDirect(message(UNRELATED_CLAIM));
    expect(none.actions.some((a) => a.kind === "tip")).toBe(true);
    const stored = allStoredText(db);
    expect(stored).not.toContain("secretly sold");
    expect(stored).not.toContain("Russian state media");
    expect(stored).not.toContain(`"${USER.id}"`);
    expect(stored).not.toContain(DM.id);
    expect(stored).not.toContain(GROUP.id);
  });

  it("offers a tip after a related answer too (no fact-check of exactly this post), but not after a match", async () => {
    const { runtime } = makeRuntime();
    // The fake lookup answers "vaccine" posts with a related fact-check.
    const related = await runtime.handleDirect(message("my neighbour says the vaccine changes your blood"));
    expect(related.kind).toBe("related");
    expect(related.actions.some((a) => a.kind === "tip")).toBe(true);
    expect((await runtime.handleDirect(message(SEED_TEXT))).actions.some((a) => a.kind === "tip")).toBe(false);
  });

  it("stores a tip only on consent, then notifies its sender once when a matching fact-check arrives", async () => {
    const { runtime, stores, db } = makeRuntime();
    const text = "They say north korea will send troops next month, is it true?";
    // The fake lookup answers none first, as if the fact-check were not indexed yet.
    const none = await runtime.handleDirect(message("a claim nobody checked yet about the harbour"));
    const tip = none.actions.find((a) => a.kind === "tip")!;
    expect(await runtime.submitTip(tip.token, { ...USER, id: "someone-else" }, DM)).toMatchObject({ ok: false });
    const none2 = await runtime.handleDirect(message("a claim nobody checked yet about the harbour"));
    const tip2 = none2.actions.find((a) => a.kind === "tip")!;
    expect(await runtime.submitTip(tip2.token, USER, DM)).toMatchObject({ ok: true });
    expect(await runtime.submitTip(tip2.token, USER, DM)).toMatchObject({ ok: false });
    expect(stores.tips.list()).toHaveLength(1);
    expect(allStoredText(db)).toContain("about the harbour");
    // Make the stored tip match now (as after an ingest), by rewriting its text in place.
    db.prepare("UPDATE tips SET text = ?").run(text);
    expect(await runtime.notifyTipsMatching([{ ...SEED, id: "something-else" }])).toBe(0);
    expect(await runtime.notifyTipsMatching([SEED])).toBe(1);
    expect(await runtime.notifyTipsMatching([SEED])).toBe(0);
    const items = await runtime.takeOutbox("telegram", 10);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ platform: "telegram", chatId: DM.id });
    expect(items[0]?.reply.text).toContain(SEED.url);
    expect(await runtime.takeOutbox("telegram", 10)).toHaveLength(0);
    await runtime.ackOutbox(items.map((i) => i.id));
    expect(stores.outbox.depth()).toBe(0);
  });

  it("says the index is unreachable instead of none", async () => {
    const { runtime } = makeRuntime();
    const reply = await runtime.handleDirect(message("UNAVAILABLE claim about anything at all"));
    expect(reply.kind).toBe("rejected");
    expect(reply.text).toMatch(/unreachable/);
    expect(await runtime.metrics.get("claimbot_errors_total", { where: "search-unavailable" })).toBe(1);
  });

  it("answers media without text plainly and checks a batch together", async () => {
    const { runtime, lookup } = makeRuntime();
    const media = await runtime.handleDirect(message("", DM, USER, { hasMedia: true }));
    expect(media.text).toMatch(/Only text/);
    expect(lookup.calls).toHaveLength(0);
    const batch = await runtime.handleDirectBatch([message("North Korea has decided"), message("to send troops to Ukraine")]);
    expect(lookup.calls).toHaveLength(1);
    expect(batch.kind).toBe("match");
  });

  it("replies in Korean to a Korean user", async () => {
    const { runtime } = makeRuntime();
    const reply = await runtime.handleDirect(message(SEED_TEXT, DM, { ...USER, locale: "ko" }));
    expect(reply.locale).toBe("ko");
    expect(reply.primary?.verdictLabel).toBe("오해의 소지");
  });
});

describe("runtime: commands", () => {
  it("refuses admin-only commands to others and lets admins change settings", async () => {
    const { runtime } = makeRuntime();
    const refused = await runtime.runCommand("settings", { args: "auto_check on" }, ctx(GROUP, USER));
    expect(refused.kind).toBe("error");
    expect(refused.text).toMatch(/Only chat admins/);
    expect((await runtime.getSettings(GROUP)).autoCheck).toBe(false);
    const done = await runtime.runCommand("settings", { args: "auto_check on cooldown 5 action react" }, ctx(GROUP, ADMIN));
    expect(done.kind).toBe("info");
    expect(await runtime.getSettings(GROUP)).toMatchObject({ autoCheck: true, cooldownMinutes: 5, action: "react" });
    const discordStyle = await runtime.runCommand("settings", { sensitivity: "strict", auto_check: false }, ctx(GROUP, ADMIN));
    expect(discordStyle.kind).toBe("info");
    expect(await runtime.getSettings(GROUP)).toMatchObject({ autoCheck: false, sensitivity: "strict" });
  });

  it("validates options and names the problem", async () => {
    const { runtime } = makeRuntime();
    const bad = await runtime.runCommand("settings", { args: "cooldown soon" }, ctx(GROUP, ADMIN));
    expect(bad.kind).toBe("error");
    expect(bad.text).toMatch(/cooldown/);
    const alert = await runtime.runCommand("settings", { args: "action alert" }, ctx(GROUP, ADMIN));
    expect(alert.text).toMatch(/log chat/);
    expect((await runtime.runCommand("nosuch", {}, ctx())).text).toMatch(/Unknown command/);
    expect((await runtime.runCommand("settings", {}, ctx(DM, ADMIN))).text).toMatch(/only in groups/);
  });

  it("checks text and a replied-to message, and shows help, about, privacy, start", async () => {
    const { runtime } = makeRuntime();
    expect((await runtime.runCommand("check", { args: SEED_TEXT }, ctx())).kind).toBe("match");
    expect((await runtime.runCommand("check", {}, { ...ctx(GROUP), repliedTo: { text: SEED_TEXT } })).kind).toBe("match");
    expect((await runtime.runCommand("check", {}, ctx())).text).toMatch(/Usage/);
    expect((await runtime.runCommand("help", {}, ctx())).text).toContain("/check");
    const about = await runtime.runCommand("about", {}, ctx());
    expect(about.text).toContain("Fact-checks indexed: 2");
    expect(about.text).toContain("AFP Fact Check 1");
    expect(about.text).toContain("2022-04-26");
    expect((await runtime.runCommand("privacy", {}, ctx())).text).toMatch(/30 days/);
    expect((await runtime.runCommand("start", {}, ctx())).text).toMatch(/Forward me a post/);
  });

  it("switches the chat language", async () => {
    const { runtime } = makeRuntime();
    const reply = await runtime.runCommand("language", { args: "ko" }, ctx());
    expect(reply.locale).toBe("ko");
    expect((await runtime.handleDirect(message(SEED_TEXT))).locale).toBe("ko");
    expect((await runtime.runCommand("language", { language: "ko" }, ctx(GROUP, USER))).kind).toBe("error");
  });
});

describe("runtime: groups", () => {
  it("is silent while auto-check is off, replies on a match when on, then respects the cooldown", async () => {
    const { runtime, lookup } = makeRuntime();
    expect(await runtime.handleGroup(message(SEED_TEXT, GROUP))).toMatchObject({ kind: "silent", why: "auto-check-off" });
    expect(lookup.calls).toHaveLength(0);
    await runtime.runCommand("settings", { args: "auto_check on" }, ctx(GROUP, ADMIN));
    const first = await runtime.handleGroup(message(SEED_TEXT, GROUP));
    expect(first.kind).toBe("reply");
    expect(lookup.calls.at(-1)?.mode).toBe("group");
    expect(await runtime.handleGroup(message(SEED_TEXT, GROUP))).toMatchObject({ kind: "silent", why: "cooldown" });
    expect(await runtime.handleGroup(message(UNRELATED_CLAIM, GROUP))).toMatchObject({ kind: "silent", why: "no-match" });
    expect(await runtime.handleGroup(message("Happy birthday! See you at dinner on Saturday", GROUP))).toMatchObject({ kind: "silent", why: "not-screenable" });
  });

  it("queues past the rate limit, waiting for the next slot", async () => {
    const { runtime, sleeps, clock } = makeRuntime({ limits: { perChatPerMinute: 2, globalPerMinute: 100, queueMax: 1 } });
    await runtime.runCommand("settings", { args: "auto_check on cooldown 0" }, ctx(GROUP, ADMIN));
    expect((await runtime.handleGroup(message(SEED_TEXT, GROUP))).kind).toBe("reply");
    clock.now += 1000;
    expect((await runtime.handleGroup(message(SEED_TEXT, GROUP))).kind).toBe("reply");
    clock.now += 1000;
    expect((await runtime.handleGroup(message(SEED_TEXT, GROUP))).kind).toBe("reply");
    expect(sleeps).toEqual([58_000]);
  });

  it("drops a decision when the bounded queue is full", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { runtime } = makeRuntime({ limits: { perChatPerMinute: 1, globalPerMinute: 100, queueMax: 1 }, sleep: () => gate });
    await runtime.runCommand("settings", { args: "auto_check on cooldown 0" }, ctx(GROUP, ADMIN));
    expect((await runtime.handleGroup(message(SEED_TEXT, GROUP))).kind).toBe("reply");
    const waiting = runtime.handleGroup(message(SEED_TEXT, GROUP));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(runtime.queueDepth()).toBe(1);
    expect(await runtime.handleGroup(message(SEED_TEXT, GROUP))).toMatchObject({ kind: "silent", why: "queue-full" });
    release();
    expect((await waiting).kind).toBe("reply");
    expect(runtime.queueDepth()).toBe(0);
  });

  it("releases queued decisions as silent on close, so shutdown does not wait for rate-limit slots", async () => {
    const { runtime } = makeRuntime({ limits: { perChatPerMinute: 1, globalPerMinute: 100, queueMax: 5 }, sleep: () => new Promise(() => {}) });
    await runtime.runCommand("settings", { args: "auto_check on cooldown 0" }, ctx(GROUP, ADMIN));
    await runtime.handleGroup(message(SEED_TEXT, GROUP));
    const waiting = runtime.handleGroup(message(SEED_TEXT, GROUP));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(runtime.queueDepth()).toBe(1);
    runtime.close();
    await runtime.drain();
    expect(await waiting).toEqual({ kind: "silent", why: "shutting-down" });
  });

  it("acts per action: react, alert to the log chat, log-only", async () => {
    const { runtime } = makeRuntime();
    await runtime.runCommand("settings", { args: "auto_check on action react cooldown 0" }, ctx(GROUP, ADMIN));
    expect(await runtime.handleGroup(message(SEED_TEXT, GROUP))).toMatchObject({ kind: "react", emoji: "⚠️" });
    await runtime.runCommand("settings", { args: "log_chat -42 action alert" }, ctx(GROUP, ADMIN));
    expect(await runtime.handleGroup(message(SEED_TEXT, GROUP))).toMatchObject({ kind: "alert", logChatId: "-42" });
    await runtime.runCommand("settings", { args: "action log-only" }, ctx(GROUP, ADMIN));
    expect(await runtime.handleGroup(message(SEED_TEXT, GROUP))).toMatchObject({ kind: "log-only" });
  });

  it("never acts on its own or other bots' messages", async () => {
    const { runtime, lookup } = makeRuntime();
    await runtime.runCommand("settings", { args: "auto_check on" }, ctx(GROUP, ADMIN));
    expect(await runtime.handleGroup(message(SEED_TEXT, GROUP, USER, { fromSelf: true }))).toMatchObject({ kind: "silent", why: "own-message" });
    expect(await runtime.handleGroup(message(SEED_TEXT, GROUP, { id: "9", isBot: true }))).toMatchObject({ kind: "silent", why: "bot-message" });
    expect(lookup.calls).toHaveLength(0);
  });

  it("counts trends across chats without text and alerts once over the threshold", async () => {
    const { runtime, stores, db } = makeRuntime({ trendsAlert: { chat: "telegram:-777", threshold: 2 } });
    for (const id of ["1", "2", "3"]) await runtime.handleDirect(message(SEED_TEXT, { ...DM, id }, { ...USER, id }));
    const top = stores.trends.top("2026-11-01", 5);
    expect(top[0]).toMatchObject({ key: `fc:${SEED.id}`, chats: 3, seen: 3 });
    const alerts = await runtime.takeOutbox("telegram", 10);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.chatId).toBe("-777");
    expect(allStoredText(db)).not.toContain("Russian state media");
  });
});

describe("stores", () => {
  it("migrates once into the shared file and retention deletes old rows", async () => {
    const { runtime, db, clock } = makeRuntime();
    const versions = db.prepare("SELECT version FROM schema_migrations WHERE scope = ?").all(RUNTIME_SCHEMA_SCOPE);
    expect(versions).toHaveLength(RUNTIME_MIGRATIONS.length);
    const reply = await runtime.handleDirect(message(SEED_TEXT));
    await runtime.recordFeedback(reply.actions.find((a) => a.kind === "feedback")!.token, "helpful", USER);
    expect(applyRetention(db, 30, clock.now)).toMatchObject({ feedback: 0, answers: 0 });
    expect(applyRetention(db, 30, clock.now + 31 * 86_400_000)).toMatchObject({ feedback: 1, answers: 1, trends: 1 });
  });

  it("defaults chat settings to off and survives a corrupt row", () => {
    const { stores, db } = makeRuntime();
    expect(stores.settings.get("x")).toMatchObject({ autoCheck: false, action: "reply" });
    db.prepare("INSERT INTO chat_settings VALUES ('y', 'not json', 0)").run();
    expect(stores.settings.get("y").autoCheck).toBe(false);
  });

  it("generates the hash key once into the data dir unless CLAIMBOT_HASH_KEY is set", () => {
    const dir = mkdtempSync(join(tmpdir(), "claimbot-key-"));
    try {
      const first = loadHashKey(undefined, dir);
      expect(first).toMatch(/^[0-9a-f]{64}$/);
      expect(loadHashKey(undefined, dir)).toBe(first);
      expect(statSync(join(dir, HASH_KEY_FILE)).mode & 0o777).toBe(0o600);
      expect(loadHashKey("configured", dir)).toBe("configured");
      const a = createIdHasher(first)("chat:telegram:1");
      expect(a).toMatch(/^[0-9a-f]{16}$/);
      expect(createIdHasher("other")("chat:telegram:1")).not.toBe(a);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
