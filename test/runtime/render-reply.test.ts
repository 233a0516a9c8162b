import { describe, expect, it } from "vitest";
import { chooseLocale } from "../../src/core/i18n.ts";
import type { Lookup } from "../../src/core/lookup-types.ts";
import { isOldReview, renderReply } from "../../src/core/render-reply.ts";
import { OTHER, SEED } from "./helpers.ts";

const QUERY = { language: "en", cleanedLength: 10, queries: [], urls: [] };
const NOW = new Date("2026-11-26T12:00:00Z");
const m = (fc = SEED, score = 0.93) => ({ factCheck: fc, score, backendScore: 1, matchedTerms: ["korea", "troops"], urlHit: false });

describe("renderReply", () => {
  it("renders a match with rating, verdict, claim, publisher, date, age warning, link and why", () => {
    const lookup: Lookup = { outcome: "match", mode: "dm", matches: [m(), m(OTHER, 0.4)], candidates: [], query: QUERY, tookMs: 1 };
    const reply = renderReply(lookup, "en", { now: NOW, feedbackToken: "tok" });
    expect(reply.kind).toBe("match");
    expect(reply.title).toBe("Misleading — AFP Fact Check");
    expect(reply.primary).toMatchObject({ rating: "Misleading", verdictLabel: "misleading", old: true, date: "2022-04-26" });
    expect(reply.text).toContain("Rating: Misleading (misleading)");
    expect(reply.text).toContain(SEED.claim);
    expect(reply.text).toContain(SEED.url);
    expect(reply.text).toContain("more than 3 years old");
    expect(reply.text).toContain("Why it matched: korea, troops");
    expect(reply.related.map((r) => r.id)).toEqual([OTHER.id]);
    expect(reply.actions).toEqual([
      { kind: "link", label: "Open fact-check", url: SEED.url },
      { kind: "feedback", value: "helpful", label: "Helpful", token: "tok" },
      { kind: "feedback", value: "wrong", label: "Wrong match", token: "tok" },
    ]);
  });

  it("speaks Korean", () => {
    const lookup: Lookup = { outcome: "match", mode: "dm", matches: [m()], candidates: [], query: QUERY, tookMs: 1 };
    const reply = renderReply(lookup, "ko", { now: NOW });
    expect(reply.primary?.verdictLabel).toBe("오해의 소지");
    expect(reply.text).toContain("판정: Misleading (오해의 소지)");
  });

  it("is honest on none and offers a tip only with a tip token", () => {
    const none: Lookup = { outcome: "none", mode: "dm", matches: [], candidates: [], query: QUERY, tookMs: 1 };
    const plain = renderReply(none, "en", { feedbackToken: "f" });
    expect(plain.text).toMatch(/found no fact-check/);
    expect(plain.actions.some((a) => a.kind === "tip")).toBe(false);
    const withTip = renderReply(none, "en", { feedbackToken: "f", tipToken: "t" });
    expect(withTip.actions).toContainEqual({ kind: "tip", label: "Send as tip to fact-checkers", token: "t" });
  });

  it("never turns an unreachable index into none", () => {
    const down: Lookup = { outcome: "rejected", reason: "search-unavailable", mode: "dm", matches: [], candidates: [], query: QUERY, tookMs: 1 };
    const reply = renderReply(down, "en");
    expect(reply.kind).toBe("rejected");
    expect(reply.text).toBe("The fact-check index is unreachable, try again in a minute.");
    expect(reply.text).not.toMatch(/no fact-check/i);
  });

  it("lists up to 3 related fact-checks", () => {
    const related: Lookup = { outcome: "related", mode: "dm", matches: [m(OTHER, 0.5), m(SEED, 0.4), m(OTHER, 0.3), m(SEED, 0.2)] as never, candidates: [], query: QUERY, tookMs: 1 };
    const reply = renderReply(related, "en");
    expect(reply.related).toHaveLength(3);
    expect(reply.text.split("\n").filter((l) => l.startsWith("•"))).toHaveLength(3);
    expect(reply.actions.some((a) => a.kind === "tip")).toBe(false);
    // Only similar fact-checks: with a tip token the post may be sent as a tip, as after none.
    const withTip = renderReply(related, "en", { feedbackToken: "f", tipToken: "t" });
    expect(withTip.actions).toContainEqual({ kind: "tip", label: "Send as tip to fact-checkers", token: "t" });
    expect(withTip.text).toContain("send it to fact-checkers as a tip");
  });

  it("flags reviews older than 3 years only", () => {
    expect(isOldReview("2023-11-27", NOW)).toBe(false);
    expect(isOldReview("2023-11-25", NOW)).toBe(true);
  });

  it("chooses the locale: chat, then user, then post, then default", () => {
    expect(chooseLocale({ userLocale: "ko-KR", postLanguage: "en", defaultLocale: "en" })).toBe("ko");
    expect(chooseLocale({ userLocale: "fr", postLanguage: "ko", defaultLocale: "en" })).toBe("ko");
    expect(chooseLocale({ userLocale: "fr", postLanguage: "de", defaultLocale: "ko" })).toBe("ko");
    expect(chooseLocale({ chatLanguage: "en", userLocale: "ko", defaultLocale: "ko" })).toBe("en");
  });
});
