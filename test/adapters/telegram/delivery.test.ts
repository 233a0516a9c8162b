import { describe, expect, it } from "vitest";
import { DeliveryQueue, type DeliveryLimits } from "../../../src/adapters/telegram/delivery.ts";
import { MemoryLogger } from "../../../src/core/logger.ts";

const LIMITS: DeliveryLimits = {
  perChatIntervalMs: 30,
  groupWindowMs: 300,
  groupMaxPerWindow: 3,
  globalWindowMs: 50,
  globalMaxPerWindow: 4,
  maxQueue: 10,
  maxInFlight: 4,
  maxAttempts: 3,
  backoffBaseMs: 10,
  backoffMaxMs: 40,
  maxRetryAfterMs: 1_000,
};

/** A wire stand-in: records calls with their start time; `fail` decides a thrown error per call. */
function recorder(fail: (n: number, payload: Record<string, unknown>) => unknown = () => undefined) {
  const calls: Array<{ at: number; payload: Record<string, unknown> }> = [];
  const call = async (_method: string, payload: Record<string, unknown>) => {
    calls.push({ at: Date.now(), payload });
    const error = fail(calls.length, payload);
    if (error) throw error;
    await new Promise((r) => setTimeout(r, 2));
    return { message_id: calls.length };
  };
  return { calls, call };
}

function telegramError(code: number, retryAfter?: number) {
  return Object.assign(new Error(`${code}`), {
    response: { error_code: code, description: "x", ...(retryAfter === undefined ? {} : { parameters: { retry_after: retryAfter } }) },
    parameters: retryAfter === undefined ? undefined : { retry_after: retryAfter },
  });
}

describe("telegram delivery queue", () => {
  it("keeps per-chat order and spacing, and the per-group window", async () => {
    const { calls, call } = recorder();
    const queue = new DeliveryQueue(call, new MemoryLogger(), LIMITS);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => queue.enqueue({ chatId: "-1", isGroup: true, method: "sendMessage", payload: { n: i } })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(calls.map((c) => c.payload.n)).toEqual([0, 1, 2, 3, 4, 5]);
    // Times are read here and in the queue a few instructions apart; a shared machine can preempt in between.
    const slack = 15;
    for (let i = 1; i < calls.length; i++) expect(calls[i]!.at - calls[i - 1]!.at).toBeGreaterThanOrEqual(LIMITS.perChatIntervalMs - slack);
    // The 4th message waits for the first to leave the 300 ms window.
    expect(calls[3]!.at - calls[0]!.at).toBeGreaterThanOrEqual(LIMITS.groupWindowMs - slack);
  });

  it("sends to different chats side by side within the global limit", async () => {
    const { calls, call } = recorder();
    const queue = new DeliveryQueue(call, new MemoryLogger(), LIMITS);
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => queue.enqueue({ chatId: String(i), isGroup: false, method: "sendMessage", payload: { n: i } })),
    );
    // 4 per 50 ms overall: the 5th starts a window after the 1st.
    expect(calls[4]!.at - calls[0]!.at).toBeGreaterThanOrEqual(LIMITS.globalWindowMs - 15);
    expect(calls[3]!.at - calls[0]!.at).toBeLessThan(LIMITS.globalWindowMs);
  });

  it("is bounded: beyond maxQueue new messages are refused, not buffered", async () => {
    const { call } = recorder();
    const logger = new MemoryLogger();
    const queue = new DeliveryQueue(call, logger, LIMITS);
    const all = Array.from({ length: 15 }, (_, i) => queue.enqueue({ chatId: "1", isGroup: false, method: "sendMessage", payload: { n: i } }));
    const results = await Promise.all(all);
    expect(results.filter((r) => !r.ok && r.reason === "queue-full").length).toBeGreaterThanOrEqual(4);
    expect(queue.stats.dropped).toBeGreaterThanOrEqual(4);
    expect(logger.entries.some((e) => e.message === "telegram delivery queue full")).toBe(true);
  });

  it("pauses for retry_after on 429, retries network errors with backoff, gives up on other 4xx", async () => {
    const { calls, call } = recorder((n, payload) => {
      if (payload.n === 0 && n === 1) return telegramError(429, 0.2);
      if (payload.n === 1 && calls.filter((c) => c.payload.n === 1).length < 3) return Object.assign(new Error("socket hang up"), { name: "FetchError" });
      if (payload.n === 2) return telegramError(403);
      return undefined;
    });
    const queue = new DeliveryQueue(call, new MemoryLogger(), LIMITS);
    const [a, b, c] = await Promise.all([
      queue.enqueue({ chatId: "1", isGroup: false, method: "sendMessage", payload: { n: 0 } }),
      queue.enqueue({ chatId: "2", isGroup: false, method: "sendMessage", payload: { n: 1 } }),
      queue.enqueue({ chatId: "3", isGroup: false, method: "sendMessage", payload: { n: 2 } }),
    ]);
    expect(a.ok).toBe(true);
    const zero = calls.filter((x) => x.payload.n === 0);
    expect(zero[1]!.at - zero[0]!.at).toBeGreaterThanOrEqual(195);
    expect(b.ok).toBe(true);
    expect(calls.filter((x) => x.payload.n === 1)).toHaveLength(3);
    expect(c).toEqual({ ok: false, reason: "rejected", code: 403 });
    expect(calls.filter((x) => x.payload.n === 2)).toHaveLength(1);
    expect(queue.stats).toMatchObject({ rateLimited: 1, retried: 2, failed: 1 });
  });

  it("drains, then refuses after stop", async () => {
    const { call } = recorder();
    const queue = new DeliveryQueue(call, new MemoryLogger(), LIMITS);
    void queue.enqueue({ chatId: "1", isGroup: false, method: "sendMessage", payload: {} });
    void queue.enqueue({ chatId: "1", isGroup: false, method: "sendMessage", payload: {} });
    expect(await queue.drain(2_000)).toBe(true);
    expect(queue.depth).toBe(0);
    queue.stop();
    expect(await queue.enqueue({ chatId: "1", isGroup: false, method: "sendMessage", payload: {} })).toEqual({ ok: false, reason: "stopped" });
  });
});
