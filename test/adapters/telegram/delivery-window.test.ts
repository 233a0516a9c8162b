import { expect, it } from "vitest";
import { DeliveryQueue, type DeliveryLimits } from "../../../src/adapters/telegram/delivery.ts";
import { MemoryLogger } from "../../../src/core/logger.ts";
import { seededRandom } from "../../../src/core/random.ts";

const LIMITS: DeliveryLimits = {
  perChatIntervalMs: 40,
  groupWindowMs: 400,
  groupMaxPerWindow: 3,
  globalWindowMs: 100,
  globalMaxPerWindow: 4,
  maxQueue: 100,
  maxInFlight: 4,
  maxAttempts: 1,
  backoffBaseMs: 10,
  backoffMaxMs: 10,
  maxRetryAfterMs: 1_000,
};

/**
 * Telegram counts a request when it arrives, which is anywhere between the moment the bot starts it and the moment
 * the answer is back (a busy event loop, the network). This wire stand-in stamps each request at a random point of
 * that span, with round trips up to 90 ms; the limits must hold on those stamps, however the delays fall. (Counting
 * from the start, as the queue used to, lets a slow batch and the next fast one land in one window: the soak saw 33
 * in one second at a budget of 25.) The stamps never lie outside [start, answer], so a loaded machine cannot make
 * this fail; only a queue that lets a request start too early can.
 */
it("keeps the global, per-chat and per-group limits where the requests arrive, whatever the round trip", async () => {
  const random = seededRandom(13);
  const arrivals: Array<{ chat: string; at: number }> = [];
  const call = async (_method: string, payload: Record<string, unknown>) => {
    const start = Date.now();
    // Every fourth request is slow and arrives at the very end of its round trip.
    const slow = arrivals.length % 4 === 0;
    const roundTrip = slow ? 90 : Math.floor(random() * 30);
    arrivals.push({ chat: String(payload.chat), at: start + (slow ? roundTrip : Math.floor(random() * roundTrip)) });
    await new Promise((r) => setTimeout(r, roundTrip));
    return { message_id: arrivals.length };
  };
  const queue = new DeliveryQueue(call, new MemoryLogger(), LIMITS);
  const jobs = Array.from({ length: 40 }, (_, i) => {
    const chat = i % 5 === 0 ? "-100" : String(i % 7);
    return queue.enqueue({ chatId: chat, isGroup: chat.startsWith("-"), method: "sendMessage", payload: { chat } });
  });
  expect((await Promise.all(jobs)).every((r) => r.ok)).toBe(true);

  const times = arrivals.map((a) => a.at).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= LIMITS.globalWindowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  expect(most).toBeLessThanOrEqual(LIMITS.globalMaxPerWindow);
  for (const chat of new Set(arrivals.map((a) => a.chat))) {
    const at = arrivals.filter((a) => a.chat === chat).map((a) => a.at);
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(LIMITS.perChatIntervalMs);
    if (chat.startsWith("-")) {
      for (let i = LIMITS.groupMaxPerWindow; i < at.length; i++) expect(at[i]! - at[i - LIMITS.groupMaxPerWindow]!).toBeGreaterThanOrEqual(LIMITS.groupWindowMs);
    }
  }
});
