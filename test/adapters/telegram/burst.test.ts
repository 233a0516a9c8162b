import { afterEach, expect, it } from "vitest";
import type { IncomingMessage } from "../../../src/runtime/types.ts";
import { FakeRuntime, SEED_POST } from "./fake-runtime.ts";
import { FAST_LIMITS, startHarness, sleep, until, type Harness } from "./harness.ts";
import { USER, groupText, resetIds } from "./updates.ts";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const GROUPS = 5;
const PER_GROUP = 200;
/** Every 8th message carries the claim: 25 replies per group, more than one group window allows. */
const MATCH_EVERY = 8;
/** Telegram's limits scaled ×20 down (1 s → 50 ms, 1 min → 3 s): big enough against scheduling jitter. */
const BURST_LIMITS = { ...FAST_LIMITS, perChatIntervalMs: 50, groupWindowMs: 3_000, globalWindowMs: 50 };

it("a burst of 1,000 group updates: each processed exactly once, per-chat and per-group limits kept", async () => {
  const runtime = new FakeRuntime();
  runtime.noCooldown = true;
  const chats = Array.from({ length: GROUPS }, (_, g) => ({ id: -1000000000100 - g, type: "supergroup", title: `G${g}` }));
  for (const chat of chats) {
    runtime.settings.set(String(chat.id), { autoCheck: true, sensitivity: "normal", action: "reply", cooldownMinutes: 0, minLength: 0 });
  }
  harness = await startHarness(runtime, { limits: BURST_LIMITS });
  resetIds(10_000);
  const updates: Array<Record<string, unknown>> = [];
  for (let i = 0; i < PER_GROUP; i++) {
    for (const chat of chats) {
      updates.push(groupText(i % MATCH_EVERY === 0 ? `${SEED_POST} #${i}` : `chit chat number ${i}`, USER, chat));
    }
  }
  harness.api.pushUpdate(...updates);
  // Redeliveries of 20 update ids must not be processed again.
  for (let i = 0; i < 20; i++) harness.api.pushDuplicate(updates[i * 37]!);

  const started = Date.now();
  await until(() => runtime.callsOf("handleGroup").length >= GROUPS * PER_GROUP, 20_000, "all updates");
  const expectedReplies = GROUPS * Math.ceil(PER_GROUP / MATCH_EVERY);
  const sent = await harness.api.waitFor("sendMessage", expectedReplies, 20_000);
  await sleep(200);

  // Exactly once: 1,000 distinct (chat, message) pairs, no repeats, no losses.
  const seen = (runtime.callsOf("handleGroup") as IncomingMessage[]).map((m) => `${m.chat.id}/${m.messageId}`);
  expect(seen).toHaveLength(GROUPS * PER_GROUP);
  expect(new Set(seen).size).toBe(GROUPS * PER_GROUP);
  expect(harness.api.calls("sendMessage")).toHaveLength(expectedReplies);
  expect(harness.logger.entries.filter((e) => e.message === "telegram update duplicate")).toHaveLength(20);

  // Rates, measured on the wire (arrival times at the fake).
  // Arrival times carry event-loop jitter: the fake runs in this process, which is busy with 1,000 updates at first.
  // 20 % still fails a queue without the group window: 20 sends at the per-chat pace alone take 1 s, not 2.4 s.
  const tolerance = BURST_LIMITS.groupWindowMs * 0.2;
  for (const chat of chats) {
    const times = sent.filter((r) => r.body.chat_id === chat.id).map((r) => r.at);
    expect(times).toHaveLength(Math.ceil(PER_GROUP / MATCH_EVERY));
    // Per group: at most `groupMaxPerWindow` messages in any window of `groupWindowMs`.
    for (let i = 0; i + BURST_LIMITS.groupMaxPerWindow < times.length; i++) {
      expect(times[i + BURST_LIMITS.groupMaxPerWindow]! - times[i]!).toBeGreaterThanOrEqual(BURST_LIMITS.groupWindowMs - tolerance);
    }
    // Per chat: about one message per `perChatIntervalMs` at most, on average.
    const span = times[times.length - 1]! - times[0]!;
    expect(span / (times.length - 1)).toBeGreaterThanOrEqual(BURST_LIMITS.perChatIntervalMs);
  }
  // 25 replies per group at 20 per window need at least one full window.
  expect(Date.now() - started).toBeGreaterThanOrEqual(BURST_LIMITS.groupWindowMs);
  expect(harness.handle.delivery.stats).toMatchObject({ sent: expectedReplies, dropped: 0, failed: 0 });
});
