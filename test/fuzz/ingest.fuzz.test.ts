import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/ingest/article.ts";
import { parseClaimReviewText } from "../../src/ingest/claimreview.ts";
import { parseCsv } from "../../src/ingest/csv.ts";
import { parseJsonl } from "../../src/ingest/jsonl.ts";
import { runIngest } from "../../src/ingest/pipeline.ts";
import type { ParsedSource, ParseResult } from "../../src/ingest/types.ts";
import { fuzzAsync, nastyText } from "./fuzz.ts";

const ctx = { name: "fuzz", defaults: {} };

/** Every record read is valid, skipped (reported) or a duplicate: nothing vanishes between parser and index. */
async function accounted(result: ParseResult, format: ParsedSource["format"]): Promise<void> {
  const summary = await runIngest([{ name: "fuzz", format, ...result }], { dryRun: true });
  expect(summary.read).toBe(summary.valid + summary.skipped + summary.duplicates);
  expect(summary.read).toBe(result.records.length + result.problems.filter((p) => p.severity === "error").length);
  expect(summary.problemsTotal).toBe(summary.skipped);
}

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const dateArb = fc.oneof(fc.constant("2022-04-26"), fc.constant("26 May 2015"), fc.string({ maxLength: 12 }), fc.integer());
const reviewArb = fc.record(
  {
    "@type": fc.constantFrom("ClaimReview", "schema:ClaimReview", "http://schema.org/ClaimReview", "Review"),
    claimReviewed: maybe(nastyText(200)),
    url: maybe(fc.oneof(fc.webUrl(), nastyText(30))),
    datePublished: maybe(dateArb),
    inLanguage: maybe(fc.oneof(fc.constantFrom("en", "ko", "fr", "es", "de"), fc.anything())),
    author: maybe(fc.oneof(fc.record({ "@type": fc.constant("Organization"), name: nastyText(40), url: fc.webUrl() }), nastyText(20), fc.anything())),
    reviewRating: maybe(
      fc.oneof(
        fc.record({ alternateName: maybe(nastyText(40)), ratingValue: maybe(fc.oneof(fc.integer(), fc.string())), bestRating: maybe(fc.integer()), worstRating: maybe(fc.integer()) }),
        fc.anything(),
      ),
    ),
    itemReviewed: maybe(fc.oneof(fc.record({ "@type": fc.constant("Claim"), appearance: fc.array(fc.oneof(fc.webUrl(), fc.anything()), { maxLength: 3 }) }), fc.anything())),
  },
  { requiredKeys: ["@type"] },
);

describe("fuzz: ingest parsers (every input record is imported or reported)", () => {
  it("ClaimReview: a DataFeed of hostile reviews parses without throwing; each ClaimReview is one record", async () => {
    await fuzzAsync(
      "ingest: ClaimReview DataFeed",
      fc.array(reviewArb, { maxLength: 12 }),
      async (reviews) => {
        const feed = { "@context": "https://schema.org", "@type": "DataFeed", dataFeedElement: reviews.map((item) => ({ "@type": "DataFeedItem", item: [item] })) };
        const result = parseClaimReviewText(JSON.stringify(feed), ctx);
        const claimReviews = reviews.filter((r) => /ClaimReview$/.test(String(r["@type"]))).length;
        expect(result.records).toHaveLength(claimReviews);
        await accounted(result, "claimreview");
      },
      1_500,
    );
  });

  it("ClaimReview: any text (broken JSON included) is a value, never an exception", async () => {
    await fuzzAsync(
      "ingest: ClaimReview text",
      fc.oneof(nastyText(400), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v).slice(0, 300))),
      async (text) => {
        await accounted(parseClaimReviewText(text, ctx), "claimreview");
      },
      1_500,
    );
  });

  it("CSV: every data row becomes a record or a reported problem", async () => {
    const cell = fc.oneof(nastyText(80), fc.webUrl(), dateArb.map(String), fc.constantFrom("False", "Misleading", "en", "ko"));
    const header = ["claim", "rating", "url", "review_date", "publisher", "language"];
    await fuzzAsync(
      "ingest: CSV",
      fc.tuple(fc.array(fc.array(cell, { minLength: 6, maxLength: 6 }), { maxLength: 15 }), fc.constantFrom(",", "\t", ";")),
      async ([rows, delimiter]) => {
        const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
        const lines = [header.join(delimiter), ...rows.map((r) => r.map(quote).join(delimiter))];
        const result = parseCsv(lines.join("\n"), ctx);
        const errors = result.problems.filter((p) => p.severity === "error").length;
        expect(result.records.length + errors).toBe(rows.length);
        await accounted(result, "csv");
      },
      1_500,
    );
  });

  it("CSV: arbitrary text (bad quoting, binary junk) never throws and accounts for what it read", async () => {
    await fuzzAsync("ingest: CSV text", nastyText(600).map((t) => `claim,rating,url\n${t}`), async (text) => accounted(parseCsv(text, ctx), "csv"), 1_500);
  });

  it("JSONL: every non-empty line is named by a record or a problem", async () => {
    const line = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      reviewArb.map((r) => JSON.stringify(r)),
      fc.record({ claim: nastyText(80), rating: nastyText(20), url: fc.webUrl(), verdict: fc.constantFrom("false", "true", "bogus"), reviewDate: dateArb }).map((r) =>
        JSON.stringify(r),
      ),
      nastyText(100).map((t) => t.replace(/[\r\n]/g, " ")),
    );
    await fuzzAsync(
      "ingest: JSONL",
      fc.array(line, { maxLength: 20 }),
      async (lines) => {
        const result = parseJsonl(lines.join("\n"), ctx);
        lines.forEach((text, i) => {
          if (!text.trim()) return;
          const location = `fuzz:${i + 1}`;
          const named = result.records.some((r) => r.location.startsWith(location)) || result.problems.some((p) => p.location.startsWith(location));
          expect(named, `line ${i + 1} vanished: ${text.slice(0, 80)}`).toBe(true);
        });
        await accounted(result, "jsonl");
      },
      1_500,
    );
  });

  it("article: any text gives one record or a problem saying why not", async () => {
    await fuzzAsync(
      "ingest: article",
      fc.oneof(nastyText(1_500), fc.array(nastyText(120), { maxLength: 12 }).map((l) => l.join("\n"))),
      async (text) => {
        const result = parseArticle(text, ctx);
        expect(result.records.length).toBeLessThanOrEqual(1);
        if (result.records.length === 0) expect(result.problems.length).toBeGreaterThan(0);
        await accounted(result, "article");
      },
      1_000,
    );
  });
});
