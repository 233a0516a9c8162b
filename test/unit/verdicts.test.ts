import { describe, expect, it } from "vitest";
import type { Verdict } from "../../src/core/factcheck.ts";
import { VERDICTS } from "../../src/core/factcheck.ts";
import { HAND_VERDICTS } from "../../src/core/verdict-hand.ts";
import { normalizeVerdict, resolveVerdict, verdictKey } from "../../src/core/verdicts.ts";
import TABLE from "../../src/core/verdict-table.json" with { type: "json" };

function expectAll(cases: ReadonlyArray<readonly [string, Verdict]>, site?: string): void {
  for (const [rating, verdict] of cases) {
    expect({ rating, verdict: normalizeVerdict(rating, site ? { site } : undefined) }).toEqual({ rating, verdict });
  }
}

describe("verdictKey", () => {
  it("folds case, punctuation and whitespace, keeps CJK", () => {
    expect(verdictKey("  Pants on Fire! ")).toBe("pants on fire");
    expect(verdictKey("PANTS_ON_FIRE")).toBe("pants on fire");
    expect(verdictKey("half-true")).toBe("half true");
    expect(verdictKey("대체로  사실\u00a0아님")).toBe("대체로 사실 아님");
    expect(verdictKey("「錯誤」")).toBe("錯誤");
    expect(verdictKey("!!!")).toBe("");
  });
});

describe("normalizeVerdict", () => {
  it("PolitiFact Truth-O-Meter and Flip-O-Meter, both spellings", () => {
    expectAll([
      ["true", "true"],
      ["mostly-true", "mostly-true"],
      ["mostly true", "mostly-true"],
      ["half-true", "mixed"],
      ["half true", "mixed"],
      ["barely-true", "mostly-false"],
      ["mostly false", "mostly-false"],
      ["false", "false"],
      ["pants-fire", "false"],
      ["pants on fire!", "false"],
      ["Pants on Fire", "false"],
      ["full-flop", "other"],
      ["full flop", "other"],
      ["half-flip", "other"],
      ["half flip", "other"],
      ["no-flip", "other"],
      ["no flip", "other"],
    ]);
    expect(normalizeVerdict("half-true", { site: "https://www.politifact.com/" })).toBe("mixed");
  });

  it("Snopes", () => {
    expectAll([
      ["True", "true"],
      ["Mostly True", "mostly-true"],
      ["Mixture", "mixed"],
      ["Mostly False", "mostly-false"],
      ["False", "false"],
      ["Unproven", "unproven"],
      ["Unfounded", "unproven"],
      ["Miscaptioned", "misleading"],
      ["Misattributed", "false"],
      ["Correct Attribution", "true"],
      ["Outdated", "misleading"],
      ["Scam", "false"],
      ["Legend", "unproven"],
      ["Lost Legend", "unproven"],
      ["Labeled Satire", "satire"],
      ["Satire", "satire"],
      ["Research In Progress", "unproven"],
      ["Originated as Satire", "satire"],
    ]);
  });

  it("FactCheck.org (VERITAS)", () => {
    expectAll([
      ["false", "false"],
      ["unverified", "unproven"],
    ]);
  });

  it("Cofacts types", () => {
    expectAll([
      ["RUMOR", "false"],
      ["NOT_RUMOR", "true"],
      ["OPINIONATED", "mixed"],
      ["NOT_ARTICLE", "other"],
    ]);
  });

  it("Korean", () => {
    expectAll([
      ["사실 아님", "false"],
      ["전혀 사실 아님", "false"],
      ["거짓", "false"],
      ["대체로 사실 아님", "mostly-false"],
      ["절반의 사실", "mixed"],
      ["대체로 사실", "mostly-true"],
      ["사실", "true"],
      ["판단 유보", "unproven"],
      ["오해의 소지", "misleading"],
    ]);
  });

  it("Spanish", () => {
    expectAll([
      ["Falso", "false"],
      ["FALSO", "false"],
      ["Engañoso", "misleading"],
      ["Verdadero", "true"],
      ["Impreciso", "misleading"],
      ["Sátira", "satire"],
      ["Verdadero, pero…", "mostly-true"],
      ["Verdad a medias", "mixed"],
    ]);
  });

  it("Chinese", () => {
    expectAll([
      ["錯誤", "false"],
      ["不實", "false"],
      ["正確", "true"],
      ["部分錯誤", "mixed"],
      ["誤導", "misleading"],
      ["事實釐清", "other"],
      ["错误", "false"],
    ]);
  });

  it("Japanese", () => {
    expectAll([
      ["誤り", "false"],
      ["不正確", "mostly-false"],
      ["ミスリード", "misleading"],
      ["正確", "true"],
    ]);
  });

  it("AFP English", () => {
    expectAll([
      ["False", "false"],
      ["Misleading", "misleading"],
      ["Missing context", "misleading"],
      ["Partly false", "mixed"],
      ["Altered photo", "false"],
      ["Altered video", "false"],
      ["Altered photo/video", "false"],
      ["Satire", "satire"],
      ["No evidence", "unproven"],
      ["Fake", "false"],
      ["Not true", "false"],
      ["Misleading/False", "misleading"],
    ]);
  });

  it("French, German and Portuguese basics", () => {
    expectAll([
      ["Faux", "false"],
      ["Vrai", "true"],
      ["Trompeur", "misleading"],
      ["Manque de contexte", "misleading"],
      ["Partiellement faux", "mixed"],
      ["Falsch", "false"],
      ["Richtig", "true"],
      ["Irreführend", "misleading"],
      ["Fehlender Kontext", "misleading"],
      ["Teilweise falsch", "mixed"],
      ["Unbelegt", "unproven"],
      ["Falso", "false"],
      ["Verdadeiro", "true"],
      ["Enganoso", "misleading"],
      ["Distorcido", "misleading"],
      ["Sem contexto", "misleading"],
    ]);
  });

  it("uses the generated label-map table (x-fact, factspan)", () => {
    expectAll([
      ["Yanlış", "false"],
      ["Four Pinocchios", "false"],
      ["Three Pinocchios", "mostly-false"],
      ["prawda", "true"],
      ["Keliru", "false"],
      ["غير صحيح", "false"],
      ["This claim is FALSE", "false"],
      ["Fact Crescendo Rating: False", "false"],
    ]);
    expect(resolveVerdict("Yanlış").via).toBe("table");
  });

  it("prefers the publisher's own per-site map", () => {
    // x-fact: Fact Crescendo Sri Lanka files its "Explainer" articles under false; elsewhere it is not a verdict.
    expect(normalizeVerdict("Explainer", { site: "srilanka.factcrescendo.com" })).toBe("false");
    expect(normalizeVerdict("Explainer")).toBe("other");
    expect(resolveVerdict("half-true", { site: "politifact.com" }).via).toBe("site");
  });

  it("reads the value after a short label", () => {
    expect(resolveVerdict("Our rating: Misleading")).toEqual({ verdict: "misleading", via: "label" });
    expect(resolveVerdict("판정: 사실 아님")).toEqual({ verdict: "false", via: "label" });
    expect(resolveVerdict("結論：誤り")).toEqual({ verdict: "false", via: "label" });
  });

  it("applies the prefix rule only to short, unqualified ratings", () => {
    expect(resolveVerdict("False. The photo is from 2015")).toEqual({ verdict: "false", via: "prefix" });
    expect(resolveVerdict("Mostly false – see the data")).toEqual({ verdict: "mostly-false", via: "prefix" });
    expect(resolveVerdict("錯誤 圖片是舊的")).toEqual({ verdict: "false", via: "prefix" });
    // Negation or contrast after the leading word: no guess.
    expect(normalizeVerdict("True but misleading")).toBe("other");
    expect(normalizeVerdict("False, not exactly")).toBe("other");
    expect(normalizeVerdict("사실 아닌 것으로 확인")).toBe("other");
    expect(normalizeVerdict("사실과 다름")).toBe("other");
    // A long sentence is never guessed from, even when it starts with a verdict word.
    expect(
      normalizeVerdict("False claims about the election spread widely on social media after the vote was counted"),
    ).toBe("other");
  });

  it("maps unknown wordings, empty and junk to other", () => {
    expectAll([
      ["new-type", "other"],
      ["", "other"],
      ["   ", "other"],
      ["🤷", "other"],
      ["Interesting story", "other"],
      ["The senator's statement needs more nuance than a rating can give", "other"],
      ["42", "other"],
    ]);
  });

  it("hand entries never contradict each other after folding", () => {
    const seen = new Map<string, Verdict>();
    for (const [wording, verdict] of HAND_VERDICTS) {
      const key = verdictKey(wording);
      expect(key).not.toBe("");
      const before = seen.get(key);
      if (before) expect({ wording, verdict }).toEqual({ wording, verdict: before });
      seen.set(key, verdict);
    }
  });

  it("the committed table only holds verdicts of the scale", () => {
    const scale = new Set<string>(VERDICTS);
    const values = [
      ...Object.values(TABLE.global),
      ...Object.values(TABLE.bySite as Record<string, Record<string, string>>).flatMap((m) => Object.values(m)),
    ];
    expect(values.length).toBeGreaterThan(200);
    for (const v of values) expect(scale.has(v)).toBe(true);
  });
});
