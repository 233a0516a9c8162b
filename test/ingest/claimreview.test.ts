import { describe, expect, it } from "vitest";
import { FactCheckSchema, type FactCheck } from "../../src/core/factcheck.ts";
import { factCheckId } from "../../src/core/ids.ts";
import { parseClaimReviewHtml } from "../../src/ingest/claimreview-html.ts";
import { findClaimReviews, hasType, parseClaimReviewText } from "../../src/ingest/claimreview.ts";
import { ratingFromScale } from "../../src/ingest/rating-scale.ts";
import type { Candidate } from "../../src/ingest/types.ts";
import { ctx, readFixture } from "./helpers.ts";

function valid(records: Candidate[]): FactCheck[] {
  return records.map((c) => FactCheckSchema.parse(c.record));
}

describe("ClaimReview in HTML pages", () => {
  const result = parseClaimReviewHtml(readFixture("claimreview-page.html"), ctx("page.html"));

  it("reads every JSON-LD block, reports the broken ones by block and keeps going", () => {
    expect(result.records).toHaveLength(2);
    const broken = result.problems.filter((p) => p.message.startsWith("invalid JSON-LD block"));
    expect(broken.map((p) => p.location)).toEqual(["page.html script#2", "page.html script#5"]);
    expect(broken.every((p) => p.severity === "error")).toBe(true);
  });

  it("maps a @graph review, resolving the author by @id and the claim's author, date and appearances", () => {
    const [graph] = valid(result.records);
    expect(graph).toMatchObject({
      claim: "Beber agua caliente cada 15 minutos cura el COVID-19",
      rating: "Falso",
      publisher: { name: "Verificador", site: "verificador.example.org" },
      // No url in the review: the page's canonical link stands in.
      url: "https://verificador.example.org/2021/03/agua-covid/",
      reviewDate: "2021-03-15",
      claimDate: "2021-03-10",
      claimant: "Cadena de WhatsApp",
      language: "es",
    });
    expect(graph!.appearances).toEqual([
      "https://www.facebook.com/post/123",
      "https://t.me/channel/456",
      "https://wa.me/first",
    ]);
    expect(graph!.id).toBe(factCheckId(graph!.url, graph!.claim));
    expect(result.records[0]!.location).toBe("page.html script#3#@graph[1]");
  });

  it("recovers a block with raw line breaks in strings and maps a numbers-only rating to a word", () => {
    const [, vitamin] = valid(result.records);
    expect(vitamin!.claim).toBe("La vitamina C previene el contagio");
    expect(vitamin!.rating).toBe("Mostly False");
    expect(vitamin!.verdict).toBe("mostly-false");
  });

  it("reports a page without JSON-LD as a warning, not a crash", () => {
    const none = parseClaimReviewHtml("<html><body><p>nothing</p></body></html>", ctx("empty.html"));
    expect(none.records).toEqual([]);
    expect(none.problems[0]).toMatchObject({ severity: "warning", message: "no JSON-LD block in the page" });
  });
});

describe("ClaimReview JSON", () => {
  it("reads a DataFeed's dataFeedElement[].item[] and names each item's path", () => {
    const result = parseClaimReviewText(readFixture("claimreview-feed.json"), ctx("feed.json"));
    expect(result.records.map((r) => r.location)).toEqual([
      "feed.json#dataFeedElement[0].item[0]",
      "feed.json#dataFeedElement[1].item[0]",
      "feed.json#dataFeedElement[1].item[1]",
    ]);
    const afp = FactCheckSchema.parse(result.records[0]!.record);
    expect(afp).toMatchObject({
      rating: "Misleading",
      verdict: "misleading",
      publisher: { name: "AFP Fact Check", site: "factcheck.afp.com" },
      claimant: "Naver Blog users",
      appearances: ["https://blog.naver.com/example/1"],
      language: "en",
    });
    const snopes = FactCheckSchema.parse(result.records[1]!.record);
    expect(snopes.language).toBe("en");
    // The third item has an empty claimReviewed: it must fail validation on `claim`.
    expect(FactCheckSchema.safeParse(result.records[2]!.record).success).toBe(false);
  });

  it("reads a top-level array and derives the rating word from the scale", () => {
    const result = parseClaimReviewText(readFixture("claimreview-array.json"), ctx("a.json"));
    const records = valid(result.records);
    expect(records.map((r) => r.rating)).toEqual(["Correct", "True"]);
    expect(records[1]!.verdict).toBe("true");
  });

  it("takes the organisation as publisher when `author` is a Person", () => {
    const result = parseClaimReviewText(
      JSON.stringify({
        "@type": "ClaimReview",
        url: "https://www.example-checks.org/a",
        claimReviewed: "Something happened",
        datePublished: "2024-02-03",
        inLanguage: "en",
        author: { "@type": "Person", name: "Jane Writer", url: "https://www.example-checks.org/staff/jane" },
        publisher: { "@type": "Organization", name: "Example Checks", url: "https://www.example-checks.org/" },
        reviewRating: { "@type": "Rating", alternateName: "False" },
      }),
      ctx("p.json"),
    );
    expect(FactCheckSchema.parse(result.records[0]!.record).publisher).toEqual({ name: "Example Checks", site: "example-checks.org" });
  });

  it("finds ClaimReviews whatever the @type spelling", () => {
    const found = findClaimReviews({ x: [{ "@type": "schema:ClaimReview" }, { "@type": ["Thing", "http://schema.org/ClaimReview"] }] });
    expect(found.map((f) => f.path)).toEqual(["x[0]", "x[1]"]);
    const types: unknown[] = ["claimreview", "https://schema.org/ClaimReview#x", "Review", "schema:Claim", ["Thing"], 3, null, [4, "ClaimReview"], { a: 1 }];
    expect(types.map((t) => hasType({ "@type": t }, "ClaimReview"))).toEqual([true, false, false, false, false, false, false, true, false]);
    expect(hasType({ type: "ClaimReview" }, "claimReview")).toBe(true);
    // Paths name the keys in order, whatever they hold; non-objects are not walked.
    const nested = findClaimReviews({ a: 1, "2": { b: [null, { "@type": "ClaimReview" }] }, c: { "@type": "ClaimReview" } });
    expect(nested.map((f) => f.path)).toEqual(["2.b[1]", "c"]);
  });

  it("turns invalid JSON into one problem", () => {
    const result = parseClaimReviewText("{oops", ctx("bad.json"));
    expect(result.records).toEqual([]);
    expect(result.problems[0]!.message).toMatch(/^invalid JSON/);
  });
});

describe("ratingFromScale", () => {
  it("places a value on the publisher's scale in five bands, either direction", () => {
    expect(ratingFromScale(1, 5, 1)?.word).toBe("False");
    expect(ratingFromScale(3, 5, 1)?.word).toBe("Mixture");
    expect(ratingFromScale(5, 5, 1)?.word).toBe("True");
    expect(ratingFromScale(0.9, 1, 0)?.word).toBe("True");
    expect(ratingFromScale(1, 1, 10)?.word).toBe("True");
    expect(ratingFromScale(7, 5, 1)).toBeUndefined();
    expect(ratingFromScale(1, 1, 1)).toBeUndefined();
  });
});
