import { describe, expect, it } from "vitest";
import { idfTableFrom } from "../../src/core/model/idf.ts";
import { preparePost } from "../../src/core/prepare.ts";
import { MAX_QUERIES_PER_POST, nameWords, planQueries, salientTerms } from "../../src/core/query-plan.ts";
import { MAX_QUERY_TERMS } from "../../src/core/search-index.ts";

describe("query plan", () => {
  it("never sends more than MAX_QUERY_TERMS terms per query, nor more than MAX_QUERIES_PER_POST queries", () => {
    const text = Array.from({ length: 30 }, (_, i) => `Senator Smith${i} voted against bill ${1000 + i} on taxes for farmers in county${i}.`).join(" ");
    const plan = planQueries(preparePost({ text }));
    expect(plan.queries.length).toBeGreaterThan(1);
    expect(plan.queries.length).toBeLessThanOrEqual(MAX_QUERIES_PER_POST);
    for (const q of plan.queries) {
      expect(q.terms.length).toBeLessThanOrEqual(MAX_QUERY_TERMS);
      expect(new Set(q.terms).size).toBe(q.terms.length);
    }
  });

  it("drops stop words and prefers rare words, numbers and names", () => {
    const idf = idfTableFrom(1000, { the: 990, said: 400, vaccine: 30, people: 300, million: 200, minister: 100, got: 500 });
    const terms = salientTerms("The minister said 5 million people got the vaccine from Pfizer", idf).map((t) => t.term);
    expect(terms).not.toContain("the");
    expect(terms.indexOf("5")).toBeLessThan(terms.indexOf("people"));
    expect(terms).not.toContain("said");
    expect(terms.indexOf("pfizer")).toBeLessThan(terms.indexOf("minister"));
    expect(terms.indexOf("vaccine")).toBeLessThan(terms.indexOf("people"));
  });

  it("finds names written with a capital mid-sentence", () => {
    expect([...nameWords("Yesterday Joe Biden met Kim in Seoul. Then he left.")]).toEqual(["joe", "biden", "kim", "seoul"]);
  });

  it("turns Korean runs into bigrams and keeps URLs for URL lookups", () => {
    const plan = planQueries(preparePost({ text: "북한 파병 https://example.com/a" }));
    expect(plan.queries[0]?.terms).toEqual(expect.arrayContaining(["북한", "파병"]));
    expect(plan.urls).toEqual(["https://example.com/a"]);
  });

  it("plans nothing for an empty post", () => {
    expect(planQueries(preparePost({ text: "😀" })).queries).toEqual([]);
  });

  it("treats FTS5 syntax as plain words", () => {
    const plan = planQueries(preparePost({ text: '"NEAR(vaccine* OR -chip) AND "' }));
    for (const term of plan.queries.flatMap((q) => q.terms)) expect(term).toMatch(/^[\p{L}\p{N}]+$/u);
  });
});

describe("planQueries on a post in two scripts", () => {
  it("searches the English claim and the Korean aside each in a query of its own", async () => {
    const { planQueries } = await import("../../src/core/query-plan.ts");
    const { preparePost } = await import("../../src/core/prepare.ts");
    const plan = planQueries(preparePost({ text: "충격적인 소식입니다!! Evidence destroyed: the campaign made payments to a hard drive destruction company" }));
    const isHangul = (t: string) => /\p{Script=Hangul}/u.test(t);
    expect(plan.queries[0]!.terms.every((t) => !isHangul(t))).toBe(true);
    expect(plan.queries[0]!.terms).toEqual(expect.arrayContaining(["evidence", "destruction"]));
    expect(plan.queries[1]!.terms.every(isHangul)).toBe(true);
  });
});
