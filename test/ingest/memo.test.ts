import { describe, expect, it } from "vitest";
import { factCheckId } from "../../src/core/ids.ts";
import { normalizeUrl } from "../../src/core/text.ts";
import { toIsoDate } from "../../src/ingest/dates.ts";
import { reviewUrlNormalized } from "../../src/search/sqlite-prepare.ts";

describe("the ingest's memos give what the functions they remember give", () => {
  it("reviewUrlNormalized is normalizeUrl, before and after its generations turn over", () => {
    const urls = ["https://www.Example.com/a/?utm_source=x#frag", "ftp://example.com/x", "not a url", " http://m.example.org/p// "];
    for (let round = 0; round < 3; round++) {
      for (const url of urls) expect(reviewUrlNormalized(url), url).toBe(normalizeUrl(url));
      // More distinct URLs than two generations hold.
      for (let i = 0; i < 40_000; i++) reviewUrlNormalized(`https://example.com/${round}/${i}`);
    }
    expect(reviewUrlNormalized("https://example.com/2/39999?utm_medium=y")).toBe("example.com/2/39999");
  });

  it("factCheckId with the normalised URL given is the id it computes itself", () => {
    for (const url of ["https://www.example.com/check/1?utm_source=a", "no url at all"]) {
      expect(factCheckId(url, "A claim, said twice.", reviewUrlNormalized(url))).toBe(factCheckId(url, "A claim, said twice."));
    }
    expect(factCheckId("no url at all", "c", null)).toBe(factCheckId("no url at all", "c"));
  });

  it("toIsoDate gives the same date on a repeated text, a non-date and a long text, across memo generations", () => {
    const texts = ["2019-11-19", "October 22, 2019", "not a date", "2019-02-30", `${"x".repeat(60)} 2020-01-02`];
    const first = texts.map((t) => toIsoDate(t));
    expect(first).toEqual(["2019-11-19", "2019-10-22", undefined, undefined, "2020-01-02"]);
    for (let i = 0; i < 10_000; i++) toIsoDate(`2001-01-01T00:00:${i}`);
    expect(texts.map((t) => toIsoDate(t))).toEqual(first);
    expect(toIsoDate(Date.UTC(2020, 4, 6))).toBe("2020-05-06");
  });
});
