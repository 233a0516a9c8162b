import { describe, expect, it } from "vitest";
import type { Lookup } from "../../src/core/lookup-types.ts";
import {
  chatKey,
  cooldownKey,
  decideGroup,
  isScreenable,
  RATE_WINDOW_MS,
  STRICT_MIN_SCORE,
  type PolicyInput,
} from "../../src/runtime/group-policy.ts";
import type { ChatSettings } from "../../src/runtime/types.ts";
import { DEFAULT_CHAT_SETTINGS } from "../../src/store/settings-store.ts";
import { CHITCHAT_TEXT, GROUP, message, SEED, SEED_TEXT, USER } from "./helpers.ts";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const ON: ChatSettings = { ...DEFAULT_CHAT_SETTINGS, autoCheck: true };
const QUERY = { language: "en", cleanedLength: 10, queries: [], urls: [] };

function lookupOf(outcome: "match" | "related" | "none", score = 0.95, mode: "dm" | "group" = "group"): Lookup {
  const m = { factCheck: SEED, score, backendScore: 1, matchedTerms: [], urlHit: false };
  if (outcome === "none") return { outcome, mode, matches: [], candidates: [m], query: QUERY, tookMs: 1 };
  return { outcome, mode, matches: [m], candidates: [], query: QUERY, tookMs: 1 };
}

function input(over: Partial<PolicyInput> = {}): PolicyInput {
  return {
    message: message(SEED_TEXT, GROUP),
    lookup: lookupOf("match"),
    settings: ON,
    cooldown: new Map(),
    rate: { perChat: new Map(), global: [], queued: 0 },
    now: NOW,
    ...over,
  };
}

describe("decideGroup", () => {
  it("acts on a group-mode match with the chat's action", () => {
    for (const action of ["reply", "react", "alert", "log-only"] as const) {
      const settings = { ...ON, action, logChatId: "-999" };
      const result = decideGroup(input({ settings }));
      expect(result).toMatchObject({ act: true, kind: action, factCheckId: SEED.id, delayMs: 0 });
      if (action === "alert") expect(result).toMatchObject({ logChatId: "-999" });
    }
  });

  it("is silent on related, none, and on a dm-mode match", () => {
    expect(decideGroup(input({ lookup: lookupOf("related") }))).toEqual({ act: false, why: "no-match" });
    expect(decideGroup(input({ lookup: lookupOf("none") }))).toEqual({ act: false, why: "no-match" });
    expect(decideGroup(input({ lookup: lookupOf("match", 0.95, "dm") }))).toEqual({ act: false, why: "no-match" });
  });

  it("is silent when auto-check is off (the default)", () => {
    expect(decideGroup(input({ settings: DEFAULT_CHAT_SETTINGS }))).toEqual({ act: false, why: "auto-check-off" });
  });

  it("ignores the bot's own messages and other bots", () => {
    expect(decideGroup(input({ message: message(SEED_TEXT, GROUP, USER, { fromSelf: true }) }))).toEqual({ act: false, why: "own-message" });
    expect(decideGroup(input({ message: message(SEED_TEXT, GROUP, { id: "5", isBot: true }) }))).toEqual({ act: false, why: "bot-message" });
  });

  it("screens out chit-chat before any lookup", () => {
    expect(decideGroup(input({ message: message(CHITCHAT_TEXT, GROUP), lookup: undefined }))).toEqual({ act: false, why: "not-screenable" });
    expect(decideGroup(input({ lookup: undefined }))).toEqual({ act: false, why: "not-looked-up" });
  });

  it("strict sensitivity needs a higher score", () => {
    const strict = { ...ON, sensitivity: "strict" as const };
    expect(decideGroup(input({ settings: strict, lookup: lookupOf("match", STRICT_MIN_SCORE - 0.05) }))).toEqual({ act: false, why: "below-strict-threshold" });
    expect(decideGroup(input({ settings: strict, lookup: lookupOf("match", STRICT_MIN_SCORE) }))).toMatchObject({ act: true });
    expect(decideGroup(input({ lookup: lookupOf("match", STRICT_MIN_SCORE - 0.05) }))).toMatchObject({ act: true });
  });

  it("does not repeat a fact-check in the chat within the cooldown", () => {
    const key = cooldownKey(chatKey(message("x", GROUP)), SEED.id);
    const recent = new Map([[key, NOW - (ON.cooldownMinutes * 60_000 - 1000)]]);
    expect(decideGroup(input({ cooldown: recent }))).toEqual({ act: false, why: "cooldown" });
    const old = new Map([[key, NOW - ON.cooldownMinutes * 60_000 - 1]]);
    expect(decideGroup(input({ cooldown: old }))).toMatchObject({ act: true });
    const otherChat = new Map([[cooldownKey("telegram:-1", SEED.id), NOW]]);
    expect(decideGroup(input({ cooldown: otherChat }))).toMatchObject({ act: true });
  });

  it("alert without a log chat stays silent", () => {
    expect(decideGroup(input({ settings: { ...ON, action: "alert" } }))).toEqual({ act: false, why: "no-log-chat" });
  });

  it("queues past the per-chat rate limit and is silent when the queue is full", () => {
    const limits = { perChatPerMinute: 3, globalPerMinute: 100, queueMax: 2 };
    const times = [NOW - 50_000, NOW - 40_000, NOW - 30_000];
    const perChat = new Map([[chatKey(message("x", GROUP)), times]]);
    const queuedOk = decideGroup(input({ limits, rate: { perChat, global: times, queued: 0 } }));
    expect(queuedOk).toMatchObject({ act: true, delayMs: times[0]! + RATE_WINDOW_MS - NOW });
    expect(decideGroup(input({ limits, rate: { perChat, global: times, queued: 2 } }))).toEqual({ act: false, why: "queue-full" });
    // Another chat is not limited by this chat's window.
    expect(decideGroup(input({ limits, message: message(SEED_TEXT, { ...GROUP, id: "-5" }), rate: { perChat, global: times, queued: 2 } }))).toMatchObject({ act: true, delayMs: 0 });
  });

  it("applies the global rate limit across chats", () => {
    const limits = { perChatPerMinute: 20, globalPerMinute: 2, queueMax: 0 };
    const result = decideGroup(input({ limits, rate: { perChat: new Map(), global: [NOW - 1000, NOW - 500], queued: 0 } }));
    expect(result).toEqual({ act: false, why: "queue-full" });
  });

  it("log-only is not rate limited", () => {
    const limits = { perChatPerMinute: 1, globalPerMinute: 1, queueMax: 0 };
    const result = decideGroup(input({ limits, settings: { ...ON, action: "log-only" }, rate: { perChat: new Map(), global: [NOW], queued: 0 } }));
    expect(result).toMatchObject({ act: true, kind: "log-only", rated: false });
  });
});

describe("isScreenable", () => {
  const s = { minLength: 20 };
  it("skips short messages, chit-chat and emoji", () => {
    expect(isScreenable("ok", s)).toBe(false);
    expect(isScreenable(CHITCHAT_TEXT, s)).toBe(false);
    expect(isScreenable("😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂", s)).toBe(false);
    expect(isScreenable("thanks so much, see you tomorrow at lunch!", s)).toBe(false);
    expect(isScreenable("안녕하세요 오늘 저녁 같이 먹어요 ㅋㅋ", { minLength: 5 })).toBe(false);
    // Indefinite pronouns carry no claim: a request to the group is chat, a claim about someone stays a claim.
    expect(isScreenable("Can someone send me the photos from last night?", s)).toBe(false);
    expect(isScreenable("Someone poisoned the water supply in Flint", s)).toBe(true);
  });
  it("keeps claims, Korean claims and links", () => {
    expect(isScreenable(SEED_TEXT, s)).toBe(true);
    expect(isScreenable("북한이 러시아를 지원하기 위해 우크라이나에 군대를 파병하기로 결정했다", s)).toBe(true);
    expect(isScreenable("look https://example.com/post/1", s)).toBe(true);
  });
  it("honours the chat's minimum length", () => {
    expect(isScreenable(SEED_TEXT, { minLength: SEED_TEXT.length + 1 })).toBe(false);
  });
});
