import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cjkBigrams, indexForm, normalizeText, normalizeUrl, tokenize } from "../../src/core/text.ts";
import { factCheckId } from "../../src/core/ids.ts";

describe("text analysis", () => {
  it("removes zero-width characters and folds whitespace", () => {
    expect(normalizeText("No\u200Brth  Korea\uFEFF\n troops")).toBe("North Korea troops");
  });
  it("gives printable ASCII with tabs and line breaks (its shortcut) what the full path gives", () => {
    // The full path as it was before the shortcut: NFKC, zero-width and control characters out, spaces folded.
    const full = (text: string) => {
      const cleaned = text
        .normalize("NFKC")
        .replace(/[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF\u00AD]/g, "")
        .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, " ");
      return cleaned.replace(/\s+/g, " ").trim();
    };
    const ascii = fc.string({ unit: fc.constantFrom(..." ab  Z09.,'\"\t\n\r\u000b\u000c\u007f\u0001~-".split("")), maxLength: 40 });
    fc.assert(fc.property(ascii, (text) => normalizeText(text) === full(text)), { numRuns: 3000, seed: 15 });
    for (const text of ["  North   Korea  ", "a\tb", "x\u007fy", "plain words", "", "summary \n claimant", "a\r\nb", "v\u000bt\u000cf"]) {
      expect(normalizeText(text)).toBe(full(text));
    }
  });
  it("splits Latin words, drops apostrophes, keeps CJK runs", () => {
    expect(tokenize("Didn’t North-Korea send 1,000 troops? 북한이 파병")).toEqual([
      "didnt", "north", "korea", "send", "1", "000", "troops", "북한이", "파병",
    ]);
  });
  it("turns CJK runs into overlapping bigrams for the index", () => {
    expect(cjkBigrams("우크라이나")).toEqual(["우크", "크라", "라이", "이나"]);
    expect(indexForm("Kim 북한이")).toBe("kim 북한 한이");
  });
  it("folds URLs for equality and rejects non-http ones", () => {
    expect(normalizeUrl("https://www.Example.com/a/?utm_source=x&id=3#top")).toBe("example.com/a?id=3");
    expect(normalizeUrl("javascript:alert(1)")).toBeNull();
  });
  it("derives stable ids from URL and claim", () => {
    const a = factCheckId("https://www.snopes.com/fact-check/x/", "A claim");
    expect(a).toBe(factCheckId("https://snopes.com/fact-check/x", " A  claim "));
    expect(a).not.toBe(factCheckId("https://snopes.com/fact-check/x", "Another claim"));
    expect(a).toMatch(/^[a-z0-9-]+$/);
  });
});
