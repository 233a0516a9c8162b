import { describe, expect, it } from "vitest";
import { FactCheckSchema } from "../../src/core/factcheck.ts";
import { fastFactCheck, validateFactCheck } from "../../src/ingest/validate.ts";
import { factCheck, sampleRecords } from "../contract/fixtures.ts";

/** Inputs around the schema's edges: each valid record with one field replaced by an odd value. */
function variants(): unknown[] {
  const odd: unknown[] = [
    undefined, null, "", " ", " padded", "padded ", "x".repeat(201), "x".repeat(8001), 7, [], {}, ["a"], [" a"], [""],
    "2024-02-30", "2024-2-3", "en", "zh-Hant-TW", "e", "https://example.org/a", "ftp://example.org/a", "not a url",
    "false", "nonsense", { name: "P" }, { name: " P" }, { name: "P", site: "" }, { name: "P", extra: 1 },
    { name: "P", site: undefined }, ["https://example.org/x", "mailto:a@b"], Array.from({ length: 21 }, () => "c"),
  ];
  const base = [
    ...sampleRecords(),
    factCheck({ id: "full", claim: "A full record", title: "", summary: "S", claimDate: "2020-01-01", claimant: "C", altClaims: ["B"] }),
    factCheck({ id: "nosite", claim: "No site", publisher: { name: "Solo" } }),
  ];
  const out: unknown[] = [...base];
  const keys = Object.keys(factCheck({ id: "k", claim: "k", title: "t", summary: "s", claimDate: "2020-01-01", claimant: "c" }));
  for (const record of base.slice(0, 3)) {
    for (const key of [...keys, "unknownKey"]) {
      for (const value of odd) out.push({ ...record, [key]: value });
    }
    const { altClaims: _a, appearances: _b, ...noArrays } = record;
    out.push(noArrays);
  }
  return out;
}

describe("validateFactCheck", () => {
  it("agrees with FactCheckSchema.safeParse on every input: same success, same output, keys in the same order", () => {
    let fastHits = 0;
    for (const input of variants()) {
      const zod = FactCheckSchema.safeParse(input);
      const ours = validateFactCheck(input);
      expect(ours.success, JSON.stringify(input)).toBe(zod.success);
      if (zod.success && ours.success) {
        expect(JSON.stringify(ours.data)).toBe(JSON.stringify(zod.data));
        expect(ours.data).toStrictEqual(zod.data);
      }
      const fast = fastFactCheck(input);
      if (fast) {
        fastHits++;
        expect(zod.success).toBe(true);
      }
    }
    // The fast path must actually take the common case.
    expect(fastHits).toBeGreaterThan(50);
  });

  it("leaves inputs that need a change (a string to trim, an unknown key) to zod", () => {
    const padded = { ...factCheck({ id: "p", claim: "Claim" }), claim: " Claim " };
    expect(fastFactCheck(padded)).toBeUndefined();
    expect(validateFactCheck(padded)).toMatchObject({ success: true, data: { claim: "Claim" } });
    // Every character trim() removes, at either end (and kept inside a string, which needs no change).
    for (const space of [" ", "\t", "\n", "\v", "\f", "\r", "\u00a0", "\u1680", "\u2000", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\ufeff"]) {
      for (const claim of [`${space}Claim`, `Claim${space}`]) {
        expect(fastFactCheck({ ...factCheck({ id: "s", claim: "Claim" }), claim }), JSON.stringify(claim)).toBeUndefined();
      }
      const inside = `Cl${space}aim`;
      expect(fastFactCheck({ ...factCheck({ id: "s", claim: "Claim" }), claim: inside })?.claim, JSON.stringify(inside)).toBe(inside);
    }
    expect(fastFactCheck({ ...factCheck({ id: "z", claim: "Claim" }), claim: "\u200bClaim" })?.claim).toBe("\u200bClaim");
    const extra = { ...factCheck({ id: "e", claim: "Claim" }), note: "x" };
    expect(fastFactCheck(extra)).toBeUndefined();
    expect(validateFactCheck(extra).success && "note" in validateFactCheck(extra).data!).toBe(false);
  });
});
