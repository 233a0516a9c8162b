import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/database.ts";
import { newOutboxOwner } from "../../src/store/outbox-store.ts";
import { openRuntimeStores } from "../../src/store/runtime-stores.ts";
import { RuntimeStateStore } from "../../src/store/runtime-state-store.ts";
import { infoReply } from "../../src/core/render-reply.ts";
import { ADMIN, GROUP, makeRuntime, message, SEED_TEXT, USER } from "../runtime/helpers.ts";
import { createRuntime } from "../../src/runtime/runtime.ts";
import { MemorySearchIndex } from "../../src/search/memory.ts";
import { useTempDirs } from "../support/temp-dirs.ts";
import { createIdHasher } from "../../src/store/hash-key.ts";
import { fakeLookup, SEED } from "../runtime/helpers.ts";

const tempDir = useTempDirs();
function dbFile(): string {
  return join(tempDir("claimbot-state-"), "default.sqlite");
}
const ctx = (chat = GROUP, user = ADMIN) => ({ chat, user, locale: "en" as const });

describe("durable runtime state", () => {
  it("a restart remembers the group cooldown: the same fact-check is not repeated in the chat", async () => {
    const file = dbFile();
    const start = (db: ReturnType<typeof openDatabase>) =>
      createRuntime({
        lookup: fakeLookup(),
        index: new MemorySearchIndex([SEED]),
        stores: openRuntimeStores(db),
        hashId: createIdHasher("k"),
        defaultLocale: "en",
        retentionDays: 30,
        retentionTimer: false,
      });
    let db = openDatabase(file);
    let runtime = start(db);
    await runtime.runCommand("settings", { args: "auto_check on cooldown 60" }, ctx());
    expect((await runtime.handleGroup(message(SEED_TEXT, GROUP))).kind).toBe("reply");
    runtime.close();
    db.close();
    // "Restart": a new runtime on the same file.
    db = openDatabase(file);
    runtime = start(db);
    expect(await runtime.handleGroup(message(SEED_TEXT, GROUP))).toMatchObject({ kind: "silent", why: "cooldown" });
    runtime.close();
    db.close();
  });

  it("keeps the per-chat rate window in the store (a new runtime on the same file sees earlier acts)", async () => {
    const h = makeRuntime({ limits: { perChatPerMinute: 2, globalPerMinute: 100, queueMax: 0 } });
    await h.runtime.runCommand("settings", { args: "auto_check on cooldown 0" }, ctx());
    expect((await h.runtime.handleGroup(message(SEED_TEXT, GROUP))).kind).toBe("reply");
    expect((await h.runtime.handleGroup(message(SEED_TEXT, GROUP))).kind).toBe("reply");
    const second = createRuntime({
      lookup: fakeLookup(),
      index: new MemorySearchIndex([SEED]),
      stores: h.stores,
      hashId: createIdHasher("test-key"),
      defaultLocale: "en",
      retentionDays: 30,
      retentionTimer: false,
      now: () => h.clock.now,
      limits: { perChatPerMinute: 2, globalPerMinute: 100, queueMax: 0 },
    });
    expect(await second.handleGroup(message(SEED_TEXT, GROUP))).toMatchObject({ kind: "silent", why: "queue-full" });
    h.clock.now += 61_000;
    expect((await second.handleGroup(message(SEED_TEXT, GROUP))).kind).toBe("reply");
  });

  it("remembers processed update ids, bounded by count and by age", () => {
    const db = openDatabase(":memory:");
    openRuntimeStores(db);
    const state = new RuntimeStateStore(db, { updateMax: 1_500, updateTtlMs: 10_000 });
    const now = 1_000_000;
    for (let i = 0; i < 3_000; i++) expect(state.firstTime(`telegram:update:${i}`, now)).toBe(true);
    expect(state.firstTime("telegram:update:2999", now)).toBe(false);
    // Swept every 1,000 inserts: never more than the bound plus one sweep interval.
    expect(state.processedCount()).toBeLessThanOrEqual(2_500);
    state.sweep(now + 20_000);
    expect(state.processedCount()).toBe(0);
    expect(state.firstTime("telegram:update:2999", now + 20_000)).toBe(true);
  });

  it("lets a flooding sender through up to the limit, says slow down once, then drops silently", async () => {
    const h = makeRuntime({ directFlood: { perWindow: 3, windowMs: 60_000 } });
    const dm = { platform: "telegram" as const, id: "1001", kind: "dm" as const };
    const verdicts = [];
    for (let i = 0; i < 8; i++) verdicts.push((await h.runtime.admitDirect(dm, USER)).kind);
    expect(verdicts).toEqual(["ok", "ok", "ok", "slow-down", "throttled", "throttled", "throttled", "throttled"]);
    const other = await h.runtime.admitDirect({ ...dm, id: "2002" }, { ...USER, id: "2002" });
    expect(other.kind).toBe("ok");
    // After a quiet window the sender is welcome again.
    h.clock.now += 61_000;
    expect((await h.runtime.admitDirect(dm, USER)).kind).toBe("ok");
  });
});

describe("outbox (durable replies, sent once)", () => {
  const reply = infoReply("en", "t", "body");

  it("stores a keyed reply once; a second put with the same key is refused", () => {
    const { outbox } = openRuntimeStores(openDatabase(":memory:"));
    const owner = newOutboxOwner();
    const id = outbox.put({ platform: "telegram", chatId: "5", reply, key: "telegram:5:1" }, owner);
    expect(id).toBeTypeOf("number");
    expect(outbox.put({ platform: "telegram", chatId: "5", reply, key: "telegram:5:1" }, owner)).toBeNull();
    expect(outbox.depth()).toBe(1);
  });

  it("after a crash: never-attempted items are offered again, attempted ones are settled unknown (not resent)", () => {
    const { outbox } = openRuntimeStores(openDatabase(":memory:"));
    const dead = "some-host-that-is-gone/1/abcd";
    const a = outbox.put({ platform: "telegram", chatId: "1", reply, key: "a" }, dead)!;
    const b = outbox.put({ platform: "telegram", chatId: "2", reply, key: "b", replyTo: "9", isGroup: true }, dead)!;
    outbox.attempt(a);
    const me = newOutboxOwner();
    // Leased by the (live-looking) owner: nothing to take yet.
    expect(outbox.take("telegram", 10, Date.now(), me)).toEqual([]);
    expect(outbox.recover(Date.now(), () => false)).toEqual({ released: 1, inDoubt: 1 });
    const taken = outbox.take("telegram", 10, Date.now(), me);
    expect(taken.map((i) => i.id)).toEqual([b]);
    expect(taken[0]).toMatchObject({ replyTo: "9", isGroup: true });
    expect(outbox.counts()).toMatchObject({ unknown: 1, pending: 1 });
    outbox.settle(b, "sent");
    expect(outbox.counts()).toMatchObject({ unknown: 1, sent: 1, pending: 0 });
  });

  it("a released item waits for its not-before time, then any process may take it, once", () => {
    const { outbox } = openRuntimeStores(openDatabase(":memory:"));
    const now = Date.now();
    const id = outbox.put({ platform: "telegram", chatId: "1", reply }, newOutboxOwner(), now)!;
    outbox.attempt(id, now);
    outbox.release(id, now + 5_000);
    expect(outbox.take("telegram", 10, now + 1_000, "x")).toEqual([]);
    expect(outbox.take("telegram", 10, now + 5_000, "x").map((i) => i.id)).toEqual([id]);
    expect(outbox.take("telegram", 10, now + 5_001, "y")).toEqual([]);
  });
});
