import { describe, expect, it } from "vitest";
import { analyse } from "../../src/core/claim-alignment.ts";
import { analyseRecordText, claimDifferences, RECORD_ANALYSIS_CACHE_CHARS, recordAnalysisCacheStats } from "../../src/core/claim-identity.ts";

describe("record analysis cache (claim identity)", () => {
  it("gives what a fresh analysis gives, the same object on a hit", () => {
    const text = "Nancy Pelosi was arrested in Ohio for selling 50 tons of cocaine";
    const first = analyseRecordText(text);
    expect(first).toEqual(analyse(text));
    expect(analyseRecordText(text)).toBe(first);
  });

  it("answers the same with a warm cache as with a cold one", () => {
    const record = { claim: "Elizabeth Warren was arrested in Ohio", title: "No, Warren was not arrested", summary: "A fabricated story." };
    const post = "BREAKING: Nancy Pelosi was arrested in Ohio";
    const cold = claimDifferences(post, record);
    expect(cold.length).toBeGreaterThan(0);
    expect(claimDifferences(post, record)).toEqual(cold);
  });

  it("stays within its characters, dropping the least recently used texts", () => {
    const keep = "The moon landing was filmed in a studio in Nevada";
    analyseRecordText(keep);
    const filler = "word ".repeat(1000);
    for (let i = 0; recordAnalysisCacheStats().chars < RECORD_ANALYSIS_CACHE_CHARS / 2; i++) analyseRecordText(`${filler} a${i}`);
    const kept = analyseRecordText(keep); // used again: most recent
    for (let i = 0; i * filler.length < RECORD_ANALYSIS_CACHE_CHARS * 0.8; i++) analyseRecordText(`${filler} b${i}`);
    expect(recordAnalysisCacheStats().chars).toBeLessThanOrEqual(RECORD_ANALYSIS_CACHE_CHARS);
    expect(analyseRecordText(keep)).toBe(kept);
    for (let i = 0; i * filler.length < RECORD_ANALYSIS_CACHE_CHARS * 1.5; i++) analyseRecordText(`${filler} c${i}`);
    expect(recordAnalysisCacheStats().chars).toBeLessThanOrEqual(RECORD_ANALYSIS_CACHE_CHARS);
    expect(analyseRecordText(keep)).not.toBe(kept);
  });
});
