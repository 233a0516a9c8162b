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
  it("folds URLs without a query (its shortcut) as the full path does", () => {
    // The full path as it was before the shortcut: fragment cleared, tracking parameters dropped, query re-serialised.
    const full = (raw: string) => {
      let url: URL;
      try {
        url = new URL(raw.trim());
      } catch {
        return null;
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") return null;
      url.hash = "";
      for (const key of [...url.searchParams.keys()]) {
        if (/^(utm_|fbclid$|gclid$|igshid$|si$|ref$|ref_src$|s$|feature$)/i.test(key)) url.searchParams.delete(key);
      }
      const query = url.searchParams.toString();
      return `${url.hostname.toLowerCase().replace(/^www\.|^m\./, "")}${url.pathname.replace(/\/+$/, "")}${query ? `?${query}` : ""}`;
    };
    const urls = [
      "https://www.Example.com/a/b/", "http://m.example.com", "HTTPS://EXAMPLE.com:443/x//", "https://ex.com/p?",
      "https://ex.com/p?#f", "https://ex.com/p#a?b", "https://ex.com/p?utm_source=x", "https://ex.com/p?a=%20b+c&fbclid=2#x",
      "https://ex.com/%7Efoo/ä?q=ü", "  https://x.com/a  ", "https://user:pw@x.com/p?x", "https://例え.jp/パス?キー=値",
      "https://x.com/?ref=1", "http://[::1]:8080/a?b=c", "https://x.com/a%2F/", "ftp://x.com/a", "not a url",
    ];
    for (const url of urls) expect(normalizeUrl(url), url).toBe(full(url));
    expect(normalizeUrl("https://ex.com/p?#f")).toBe("ex.com/p");
  });
  it("derives stable ids from URL and claim", () => {
    const a = factCheckId("https://www.snopes.com/fact-check/x/", "A claim");
    expect(a).toBe(factCheckId("https://snopes.com/fact-check/x", " A  claim "));
    expect(a).not.toBe(factCheckId("https://snopes.com/fact-check/x", "Another claim"));
    expect(a).toMatch(/^[a-z0-9-]+$/);
  });
});
