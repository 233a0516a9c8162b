import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FactCheckSchema, type FactCheckInput } from "../../src/core/factcheck.ts";
import { factCheckId } from "../../src/core/ids.ts";
import {
  DERIVED_CLAIM_MAX_CHARS,
  claimFromReply,
  looksLikeSharedFactcheck,
  mapSharedFactcheck,
} from "../../src/ingest/collections.ts";

/** Seven real rows copied from ../shared/data/factchecks (Cofacts ×4, VERITAS PolitiFact, Snopes, FactCheck.org). */
const ROWS = readFileSync(new URL("../fixtures/collections/shared-factchecks.jsonl", import.meta.url), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Record<string, unknown>);

function ok(row: unknown): FactCheckInput {
  const out = mapSharedFactcheck(row);
  if ("error" in out) throw new Error(`unexpected error: ${out.error}`);
  return out;
}

describe("mapSharedFactcheck", () => {
  it("maps a VERITAS PolitiFact row", () => {
    const r = ok(ROWS[4]);
    expect(r).toMatchObject({
      claim: "\"I’ve lived\" in Milwaukee \"all 61 years of my life.\"",
      rating: "mostly false",
      verdict: "mostly-false",
      publisher: { name: "PolitiFact", site: "politifact.com" },
      reviewDate: "2018-05-23",
      language: "en",
      source: "veritas-politifact",
      license: "CC-BY-NC-SA-4.0",
      appearances: [],
    });
    expect(r.id).toBe(factCheckId(r.url, r.claim));
    expect(FactCheckSchema.safeParse(r).success).toBe(true);
  });

  it("keeps VERITAS claim_source_url (a cited source, not a post that spread the claim) out of appearances", () => {
    expect(ok(ROWS[5]).appearances).toEqual([]);
    expect(ok(ROWS[6]).appearances).toEqual([]);
    expect(ok({ ...ROWS[5], extra: null }).appearances).toEqual([]);
  });

  it("turns a Cofacts reply-only row into claim + summary, rating = raw type", () => {
    const row = ROWS[1]!;
    const r = ok(row);
    expect(r.summary).toBe((row.review_text as string).trim());
    expect(r.claim.length).toBeLessThanOrEqual(DERIVED_CLAIM_MAX_CHARS);
    expect(r.claim.length).toBeGreaterThan(20);
    expect(r.claim).toMatch(/[。！？]$/u);
    expect((row.review_text as string).startsWith(r.claim.slice(0, 30))).toBe(true);
    expect(r).toMatchObject({ rating: "RUMOR", verdict: "false", language: "zh-TW", source: "cofacts", license: "CC0-1.0" });
    expect(r.reviewDate).toBe("2016-12-31");
    const short = ok(ROWS[3]);
    expect(short.verdict).toBe("mixed");
    // A reply that fits whole as the claim is not repeated as the summary.
    expect(short.claim).toBe((ROWS[3]!.review_text as string).trim().replace(/\s+/g, " "));
    expect(short.summary).toBeUndefined();
  });

  it("skips Cofacts replies under 20 characters and rows without a date, with a reason", () => {
    expect(mapSharedFactcheck(ROWS[0])).toEqual({ error: expect.stringContaining("shorter than 20") });
    expect(mapSharedFactcheck(ROWS[2])).toEqual({ error: expect.stringMatching(/^date:/) });
  });

  it("gives the same id to the same review reached through two sources", () => {
    const a = ok(ROWS[4]);
    const b = ok({ ...ROWS[4], id: "other-source:1", url: "https://www.politifact.com/wisconsin/statements/2018/may/23/andy-gronik/democratic-candidate-governor-says-he-lives-milwau/?utm_source=x" });
    expect(b.id).toBe(a.id);
    expect(b.source).toBe("other-source");
  });

  it("keeps claim_en as an alternative wording", () => {
    const r = ok({ ...ROWS[4], claim: "북한이 우크라이나에 파병을 결정했다", claim_en: "North Korea decided to send troops", language: "ko" });
    expect(r.altClaims).toEqual(["North Korea decided to send troops"]);
  });

  it("returns an error, never throws, on malformed rows", () => {
    for (const bad of [null, 42, "x", [], {}, { ...ROWS[4], url: "ftp://x" }, { ...ROWS[4], verdict: "" }, { ...ROWS[4], claim: null, review_text: null }, { ...ROWS[4], publisher: 7 }, { ...ROWS[4], language: "english!" }]) {
      const out = mapSharedFactcheck(bad);
      expect("error" in out).toBe(true);
    }
  });

  it("detects the shared format", () => {
    expect(ROWS.every((row) => looksLikeSharedFactcheck(row))).toBe(true);
    expect(looksLikeSharedFactcheck({ claim: "x", rating: "False", url: "https://a.b" })).toBe(false);
    expect(looksLikeSharedFactcheck(null)).toBe(false);
  });
});

describe("claimFromReply", () => {
  it("keeps a short reply whole, folded, without URLs", () => {
    expect(claimFromReply("這是假的。\n請看 https://example.com/x 的說明。")).toBe("這是假的。 請看 的說明。");
  });

  it("cuts a long reply at the last sentence end that fits", () => {
    const sentence = "This sentence is exactly fifty characters long ok. ";
    const out = claimFromReply(sentence.repeat(10));
    expect(out.length).toBeLessThanOrEqual(DERIVED_CLAIM_MAX_CHARS);
    expect(out.endsWith("ok.")).toBe(true);
  });

  it("cuts at a space with an ellipsis when no sentence ends early enough", () => {
    const out = claimFromReply("word ".repeat(100));
    expect(out.endsWith("…")).toBe(true);
    expect(out.length).toBeLessThanOrEqual(DERIVED_CLAIM_MAX_CHARS);
  });
});

describe("cleanScrapedClaim", () => {
  it("cuts the VERITAS 'see example( s )' link text and raises the first letter", async () => {
    const { cleanScrapedClaim } = await import("../../src/ingest/collections.ts");
    expect(cleanScrapedClaim("lawmakers in illinois proposed a bill. see example( s )")).toBe(
      "Lawmakers in illinois proposed a bill.",
    );
    expect(cleanScrapedClaim("Already clean.")).toBe("Already clean.");
  });
});
