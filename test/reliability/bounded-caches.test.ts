import { describe, expect, it } from "vitest";
import { GroupVisibility, VISIBILITY_CACHE_MAX } from "../../src/adapters/telegram/privacy-mode.ts";
import { openDatabase } from "../../src/store/database.ts";
import { migrateRuntimeSchema } from "../../src/store/runtime-schema.ts";
import { ChatSettingsStore, SETTINGS_CACHE_MAX } from "../../src/store/settings-store.ts";

/** Per-chat memories of a long-running process stay bounded however many chats write to it (issue 13, soak). */
describe("bounded per-chat caches", () => {
  it("chat settings: at most the cache size in memory, least recently used out, values still read from SQLite", () => {
    expect(SETTINGS_CACHE_MAX).toBe(10_000);
    const db = openDatabase(":memory:");
    migrateRuntimeSchema(db);
    const store = new ChatSettingsStore(db, 3);
    store.update("a", { autoCheck: true });
    store.update("b", { cooldownMinutes: 5 });
    store.update("c", { sensitivity: "strict" });
    expect(store.get("a").autoCheck).toBe(true); // a is now the most recent
    store.get("d"); // never configured: defaults, cached
    expect(store.cached).toBe(3); // b (least recently used) went
    for (let i = 0; i < 1_000; i++) store.get(`chat-${i}`);
    expect(store.cached).toBe(3);
    // Evicted chats are read again from the table, unchanged.
    expect(store.get("b").cooldownMinutes).toBe(5);
    expect(store.get("c").sensitivity).toBe("strict");
    expect(store.get("a").autoCheck).toBe(true);
    db.close();
  });

  it("Telegram group visibility: bounded by VISIBILITY_CACHE_MAX, a fresh entry still saves the call", async () => {
    let calls = 0;
    const visibility = new GroupVisibility({ id: 1, canReadAllGroupMessages: false }, async () => {
      calls++;
      return "administrator";
    });
    for (let i = 0; i < VISIBILITY_CACHE_MAX + 500; i++) await visibility.seesAllMessages(`-100${i}`);
    expect(visibility.cached).toBeLessThanOrEqual(VISIBILITY_CACHE_MAX);
    expect(visibility.cached).toBeGreaterThan(0);
    const before = calls;
    const last = `-100${VISIBILITY_CACHE_MAX + 499}`;
    expect(await visibility.seesAllMessages(last)).toBe(true);
    expect(calls).toBe(before); // still cached
  });
});
