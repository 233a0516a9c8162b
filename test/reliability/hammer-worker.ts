/**
 * One of two processes hammering the same chat on one data directory (test/reliability/two-processes.test.ts).
 * argv: <dbFile> <up|down> (the order it offers update ids in). Prints "ready" once set up, starts when a line arrives on stdin (the parent sends it to both
 * workers at once, so neither one's start-up time decides the interleaving), then prints one JSON line with what
 * this process did.
 */
import { infoReply } from "../../src/core/render-reply.ts";
import { createRuntime } from "../../src/runtime/runtime.ts";
import { MemorySearchIndex } from "../../src/search/memory.ts";
import { openDatabase } from "../../src/store/database.ts";
import { createIdHasher } from "../../src/store/hash-key.ts";
import { newOutboxOwner } from "../../src/store/outbox-store.ts";
import { openRuntimeStores } from "../../src/store/runtime-stores.ts";
import type { ChatRef } from "../../src/runtime/types.ts";
import { ADMIN, fakeLookup, message, SEED, SEED_TEXT } from "../runtime/helpers.ts";

const [file, order] = process.argv.slice(2);
const db = openDatabase(file!);
const stores = openRuntimeStores(db);
const GROUP_A: ChatRef = { platform: "telegram", id: "-100900", kind: "group" };
const GROUP_B: ChatRef = { platform: "telegram", id: "-100901", kind: "group" };
const runtime = createRuntime({
  lookup: fakeLookup(),
  index: new MemorySearchIndex([SEED]),
  stores,
  hashId: createIdHasher("shared-key"),
  defaultLocale: "en",
  retentionDays: 30,
  retentionTimer: false,
  // No queue: over the limit is silent at once, so the count of acts is exact.
  limits: { perChatPerMinute: 5, globalPerMinute: 300, queueMax: 0 },
});
const admin = (chat: ChatRef) => ({ chat, user: ADMIN, locale: "en" as const });
await runtime.runCommand("settings", { args: "auto_check on cooldown 60" }, admin(GROUP_A));
await runtime.runCommand("settings", { args: "auto_check on cooldown 0" }, admin(GROUP_B));
const owner = newOutboxOwner();
process.stdout.write("ready\n");
await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
process.stdin.pause();

const decisions: Record<string, Record<string, number>> = { cooldown: {}, rate: {} };
let fresh = 0;
let stored = 0;
const taken: number[] = [];
const reply = infoReply("en", "t", "x");
for (let round = 0; round < 200; round++) {
  // Interleave every kind of write, so the two processes contend on the lock all the time.
  const a = await runtime.handleGroup(message(SEED_TEXT, GROUP_A));
  decisions.cooldown![a.kind === "silent" ? a.why : a.kind] = (decisions.cooldown![a.kind === "silent" ? a.why : a.kind] ?? 0) + 1;
  const b = await runtime.handleGroup(message(SEED_TEXT, GROUP_B));
  decisions.rate![b.kind === "silent" ? b.why : b.kind] = (decisions.rate![b.kind === "silent" ? b.why : b.kind] ?? 0) + 1;
  for (let k = 0; k < 10; k++) {
    // One process counts up and the other down, so they meet in the middle instead of the leader taking all.
    const n = order === "down" ? 1_999 - (round * 10 + k) : round * 10 + k;
    if (stores.state.firstTime(`telegram:update:${n}`)) fresh++;
  }
  const id = stores.outbox.put({ platform: "telegram", chatId: "-100900", reply, key: `k${round}` }, owner);
  if (id !== null) {
    stored++;
    stores.outbox.release(id);
  }
}
// Now both drain the shared outbox's released items: each must be taken by exactly one process.
for (;;) {
  const items = stores.outbox.take("telegram", 7, Date.now(), owner);
  if (items.length === 0) break;
  for (const item of items) {
    taken.push(item.id);
    stores.outbox.settle(item.id, "sent");
  }
}
process.stdout.write(`${JSON.stringify({ pid: process.pid, decisions, fresh, stored, taken })}\n`);
runtime.close();
db.close();
