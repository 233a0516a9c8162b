import { describe, expect, it } from "vitest";
import { FactCheckSchema } from "../../src/core/factcheck.ts";
import { looksLikeGoogleFactCheck, parseGoogleFactCheckJson } from "../../src/ingest/google-factcheck.ts";
import { ctx, readFixture } from "./helpers.ts";

describe("Google Fact Check Tools API JSON", () => {
  const root = JSON.parse(readFixture("gfc-response.json")) as unknown;

  it("makes one record per review, keeping claimant and claim date", () => {
    expect(looksLikeGoogleFactCheck(root)).toBe(true);
    const result = parseGoogleFactCheckJson(root, ctx("gfc.json"));
    expect(result.records.map((r) => r.location)).toEqual([
      "gfc.json#claims[0].claimReview[0]",
      "gfc.json#claims[0].claimReview[1]",
      "gfc.json#claims[1].claimReview[0]",
    ]);
    const afp = FactCheckSchema.parse(result.records[0]!.record);
    expect(afp).toMatchObject({
      claim: "North Korea has decided to send troops to Ukraine to support Russia",
      claimant: "Social media users",
      claimDate: "2022-04-15",
      reviewDate: "2022-04-26",
      rating: "Misleading",
      verdict: "misleading",
      publisher: { name: "AFP Fact Check", site: "factcheck.afp.com" },
      language: "en",
      source: "gfc:gfc.json",
    });
    const snu = FactCheckSchema.parse(result.records[1]!.record);
    expect(snu).toMatchObject({ language: "ko", rating: "사실 아님", publisher: { name: "SNU FactCheck" } });
    // Two publishers checking the same claim stay two records.
    expect(snu.id).not.toBe(afp.id);
    expect(FactCheckSchema.safeParse(result.records[2]!.record).success).toBe(false);
  });

  it("accepts a list of saved pages and reports a claim without reviews", () => {
    const result = parseGoogleFactCheckJson([root, { claims: [{ text: "x" }] }], ctx("pages.json"));
    expect(result.records).toHaveLength(3);
    expect(result.problems).toEqual([expect.objectContaining({ location: "pages.json#[1].claims[0]", field: "claimReview" })]);
  });
});
