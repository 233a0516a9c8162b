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

describe("a ClaimReview's appearances are parsed as URLs once", () => {
  const tricky = [
    "https://Example.COM:443/a/../b/./c?q=é ü#frag",
    "http://www.exämple.org/päth?x=1&y=%zz",
    "https://example.com\\back\\slash",
    "HTTPS://example.com:8080/%7euser/",
    "  https://example.com/a b  ",
    "https://user:pw@example.com/?",
    "http://[::1]:80/x",
    "https://xn--nxasmq6b.com/%E2%82%AC/€",
  ];

  it("httpUrl leaves its own result as it is (what lets finishRecord skip the second parse)", async () => {
    const { httpUrl } = await import("../../src/ingest/util.ts");
    for (const raw of tricky) {
      const once = httpUrl(raw);
      expect(once, raw).toBeDefined();
      expect(httpUrl(once), raw).toBe(once);
    }
  });

  it("finishRecord gives the same record for a claimReviewDraft's appearances with or without parsing them again", async () => {
    const { claimReviewDraft } = await import("../../src/ingest/claimreview.ts");
    const { finishRecord } = await import("../../src/ingest/record.ts");
    const node = {
      "@type": "ClaimReview",
      url: "https://example.com/check/1",
      claimReviewed: "A claim",
      author: { "@type": "Organization", name: "Checker", url: "https://example.com" },
      datePublished: "2024-01-02",
      reviewRating: { "@type": "Rating", alternateName: "False" },
      itemReviewed: { "@type": "Claim", appearance: [...tricky.map((url) => ({ url })), { url: "ftp://x.example/f" }, "not a url"] },
    };
    const draft = claimReviewDraft(node, "claimreview:test");
    expect(draft.appearancesChecked).toBe(true);
    const { appearancesChecked: _checked, ...unchecked } = draft;
    const record = finishRecord(draft, {});
    expect(record).toEqual(finishRecord(unchecked, {}));
    expect((record as { appearances: string[] }).appearances).toHaveLength(tricky.length);
  });
});
