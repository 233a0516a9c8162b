import { describe, expect, it } from "vitest";

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
