import { describe, expect, it } from "vitest";
import { decide, DECISION_THRESHOLDS, MAX_EXTRA_MATCHES } from "../../src/core/decide.ts";
import type { FactCheck } from "../../src/core/factcheck.ts";
import type { ScoredMatch } from "../../src/core/lookup-types.ts";

function candidate(id: string, score: number, urlHit = false): ScoredMatch {
  const factCheck = { id, claim: id, altClaims: [], rating: "False", verdict: "false", publisher: { name: "P" }, url: "https://x.org", reviewDate: "2020-01-01", language: "en", appearances: [], source: "t", license: "x" } as FactCheck;
  return { factCheck, score, backendScore: 1, matchedTerms: [], urlHit };
}

describe("decide", () => {
  it("group is stricter than dm and never says related", () => {
    expect(DECISION_THRESHOLDS.group.match).toBeGreaterThan(DECISION_THRESHOLDS.dm.match);
    expect(DECISION_THRESHOLDS.group.related).toBe(Number.POSITIVE_INFINITY);
  });

  it("decides at the named thresholds of each mode", () => {
    const dmMatch = DECISION_THRESHOLDS.dm.match;
    const groupMatch = DECISION_THRESHOLDS.group.match;
    const between = (dmMatch + groupMatch) / 2;
    expect(decide([candidate("a", between)], "dm").outcome).toBe("match");
    expect(decide([candidate("a", between)], "group").outcome).toBe("none");
    expect(decide([candidate("a", groupMatch)], "group").outcome).toBe("match");
    expect(decide([candidate("a", dmMatch - 0.01)], "dm").outcome).toBe("related");
    expect(decide([candidate("a", DECISION_THRESHOLDS.dm.related - 0.01)], "dm").outcome).toBe("none");
    expect(decide([], "dm").outcome).toBe("none");
  });

  it("adds other fact-checks of the claim as extra matches, at most MAX_EXTRA_MATCHES", () => {
    const list = [candidate("a", 0.99), ...["b", "c", "d", "e"].map((id) => candidate(id, 0.95)), candidate("f", 0.1)];
    const d = decide(list, "group");
    expect(d.outcome).toBe("match");
    expect(d.matches.map((m) => m.factCheck.id)).toEqual(["a", "b", "c", "d"]);
    expect(d.matches.length).toBe(1 + MAX_EXTRA_MATCHES);
  });

  it("compares the claims of extras only until MAX_EXTRA_MATCHES are found, in rank order", () => {
    // "c" differs: skipped; "b", "d", "e" are the extras; "f" and "g" are never compared.
    const list = [candidate("a", 0.99), ...["b", "c", "d", "e", "f", "g"].map((id) => candidate(id, 0.95))];
    const compared: string[] = [];
    const d = decide(list, "group", DECISION_THRESHOLDS.group, (c) => {
      compared.push(c.factCheck.id);
      return c.factCheck.id === "c";
    });
    expect(d.matches.map((m) => m.factCheck.id)).toEqual(["a", "b", "d", "e"]);
    expect(compared).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("accepts given thresholds (the eval sweep)", () => {
    expect(decide([candidate("a", 0.3)], "group", { match: 0.2, related: Infinity, extra: 0.5 }).outcome).toBe("match");
  });

  it("shows a first candidate that stands out as related below the related score, alone, in DMs only", () => {
    const { related, standout } = DECISION_THRESHOLDS.dm;
    const low = (related + standout!) / 2;
    const top = { ...candidate("a", low), standsOut: true as const };
    const next = candidate("b", low);
    const dm = decide([top, next], "dm");
    expect(dm.outcome).toBe("related");
    expect(dm.matches.map((m) => m.factCheck.id)).toEqual(["a"]);
    // Not standing out, or scored under `standout`: nothing; a group never says related.
    expect(decide([candidate("a", low), next], "dm").outcome).toBe("none");
    expect(decide([{ ...candidate("a", standout! / 2), standsOut: true as const }], "dm").outcome).toBe("none");
    expect(decide([top, next], "group").outcome).toBe("none");
    // Thresholds without `standout` never use it.
    expect(decide([top, next], "dm", { match: 0.35, related: 0.04, extra: 0.35 }).outcome).toBe("none");
  });
});
