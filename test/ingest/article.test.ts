import { describe, expect, it } from "vitest";
import { FactCheckSchema } from "../../src/core/factcheck.ts";
import { articleLines, extractArticle, parseArticle } from "../../src/ingest/article.ts";
import { ctx, readFixture } from "./helpers.ts";

const SEED = readFixture("afp-north-korea-troops-2022-04-26.txt");
const SEED_URL = "https://news.yahoo.com/social-media-posts-overplay-north-012743300.html";
/** Headlines under "Recommended Stories" in the seed: none may leak into the record. */
const NOISE = ["Recommended Stories", "Our goal is to create a safe", "Weary of many disasters", "Corvette", "Mother's Day", "Mariupol"];

describe("article text: the seed", () => {
  const result = parseArticle(SEED, ctx("seed.txt", { url: SEED_URL }));
  const record = FactCheckSchema.parse(result.records[0]!.record);

  it("yields the AFP record, verdict misleading, dated 2022-04-26", () => {
    expect(record).toMatchObject({
      rating: "Misleading",
      verdict: "misleading",
      reviewDate: "2022-04-26",
      publisher: { name: "AFP Fact Check", site: "factcheck.afp.com" },
      url: SEED_URL,
      language: "en",
      title: "Social media posts overplay North Korea's support for Russian invasion of Ukraine, analysts say",
    });
    expect(result.problems).toEqual([]);
  });

  it("gets the same id as the starter data's seed record for the same link, so the two dedupe", () => {
    expect(record.id).toBe("news-yahoo-com-7d571958c0dfc1b5");
  });

  it("takes the quoted post as the claim and the 'posts claim' sentence as another wording", () => {
    // "[Breaking]" is forwarding boilerplate, not part of the claim.
    expect(record.claim).toBe(
      "Russian state media reported that North Korea has decided to send troops to Ukraine to support Russia in the Russia-Ukraine war",
    );
    expect(record.altClaims).toEqual(["North Korea has decided to send troops to Ukraine to support Russia"]);
  });

  it("lets no page furniture into any field", () => {
    const all = JSON.stringify(record);
    for (const noise of NOISE) expect(all).not.toContain(noise);
    const body = extractArticle(SEED, ctx("seed.txt")).body;
    for (const noise of NOISE) expect(body).not.toContain(noise);
    expect(body).toContain("That is where Pyongyang's support for Moscow in this war would be most likely.");
  });

  it("names the URL as unsure when no flag gives it, and the record is then invalid on url", () => {
    const bare = parseArticle(SEED, ctx("seed.txt"));
    expect(bare.problems).toEqual([expect.objectContaining({ field: "url", severity: "warning", message: expect.stringContaining("--url") })]);
    const check = FactCheckSchema.safeParse(bare.records[0]!.record);
    expect(check.success).toBe(false);
  });

  it("lets flags override what was extracted", () => {
    const flagged = parseArticle(SEED, ctx("seed.txt", { url: SEED_URL, rating: "False", publisher: "Someone Else", date: "2022-05-01" }));
    const r = FactCheckSchema.parse(flagged.records[0]!.record);
    expect(r).toMatchObject({ rating: "False", verdict: "false", reviewDate: "2022-05-01" });
    // The extracted site (AFP's) does not stick to another publisher.
    expect(r.publisher).toEqual({ name: "Someone Else", site: "news.yahoo.com" });
  });
});

describe("article text: other shapes", () => {
  it("reads a labelled verdict, a byline with a known agency and a 'post reads:' quote", () => {
    const text = [
      "Video does not show flooding in Seoul",
      "By Jane Doe, Reuters",
      "March 3, 2023",
      "",
      "A video shared on Facebook was filmed in another country. The post reads: \"Seoul underwater today, stay home everyone\".",
      "",
      "Verdict: False",
      "",
      "Related Stories",
      "Seoul mayor says the city is ready for the rainy season",
    ].join("\n");
    const result = parseArticle(text, ctx("r.txt", { url: "https://www.reuters.com/fact-check/x" }));
    const r = FactCheckSchema.parse(result.records[0]!.record);
    expect(r).toMatchObject({
      claim: "Seoul underwater today, stay home everyone",
      rating: "False",
      verdict: "false",
      reviewDate: "2023-03-03",
      publisher: { name: "Reuters Fact Check" },
    });
    expect(JSON.stringify(r)).not.toContain("rainy season");
  });

  it("reads a Korean article: byline, date, quoted post, labelled verdict, related-articles cut", () => {
    const text = [
      "[팩트체크] 북한이 우크라이나에 파병 결정? 사실 아님",
      "홍길동 기자, 연합뉴스",
      "2022년 4월 27일",
      "",
      "\"[속보] 러시아 국영 언론 '북한, 러시아 지원 위해 우크라이나에 파병 결정'\"이라는 게시물이 네이버 블로그에 공유됐다.",
      "",
      "판정: 사실 아님",
      "",
      "관련 기사",
      "다른 뉴스 제목",
    ].join("\n");
    const r = FactCheckSchema.parse(parseArticle(text, ctx("ko.txt", { url: "https://www.yna.co.kr/view/AKR1" })).records[0]!.record);
    expect(r).toMatchObject({
      claim: "러시아 국영 언론 '북한, 러시아 지원 위해 우크라이나에 파병 결정'",
      rating: "사실 아님",
      verdict: "false",
      reviewDate: "2022-04-27",
      language: "ko",
      publisher: { site: "yna.co.kr" },
    });
    expect(JSON.stringify(r)).not.toContain("다른 뉴스");
  });

  it("names every field it could not find and never throws on junk", () => {
    const result = parseArticle("just some words\n\nnothing else here at all", ctx("junk.txt"));
    const fields = result.problems.map((p) => p.field).sort();
    expect(fields).toEqual(["claim", "publisher", "rating", "reviewDate", "url"]);
    expect(parseArticle("", ctx("empty.txt")).records).toHaveLength(1);
  });

  it("cuts everything from the first end-of-article marker", () => {
    expect(articleLines("Title\nBody line.\nRecommended Stories\nOther headline")).toEqual(["Title", "Body line."]);
  });
});

describe("article pages in HTML", () => {
  it("reads an article page as text: title, date, byline, quote and verdict, without navigation or scripts", async () => {
    const { parseContent } = await import("../../src/ingest/parse.ts");
    const html = `<!doctype html><html><head><title>Site</title>
      <meta property="article:published_time" content="2023-06-01T08:00:00Z"><script>var x = "the claim is true";</script></head>
      <body><nav><a href="/">Home</a> Trending now</nav><article>
      <h1>Photo does not show a shark on a highway</h1>
      <p>By Sam Lee, AFP USA</p>
      <p>"A shark swims on the flooded I-95 after the storm," reads a Facebook post shared thousands of times.</p>
      <p>However, the claim is false: the image is a composite.</p>
      </article><aside>Recommended Stories: celebrity news</aside></body></html>`;
    const result = parseContent(html, "article", ctx("page.html", { url: "https://factcheck.afp.com/shark" }));
    const r = FactCheckSchema.parse(result.records[0]!.record);
    expect(r).toMatchObject({
      title: "Photo does not show a shark on a highway",
      reviewDate: "2023-06-01",
      publisher: { name: "AFP Fact Check" },
      claim: "A shark swims on the flooded I-95 after the storm",
      rating: "False",
      verdict: "false",
    });
    expect(JSON.stringify(r)).not.toMatch(/celebrity|Trending|var x/);
  });
});

describe("article rating sentences", () => {
  const rate = (sentence: string) =>
    (parseArticle(`Title\n\nSome text first.\n\n${sentence}`, ctx("t.txt")).records[0]!.record as { rating?: string }).rating;

  it("reads 'we rate' sentences, labels and 'the claim is' sentences", () => {
    expect(rate("We rate this claim Mostly False.")).toBe("Mostly False");
    expect(rate("PolitiFact rated it Pants on Fire!")).toBe("Pants on Fire");
    expect(rate("Reuters rates the post as Missing context.")).toBe("Missing context");
    expect(rate("Verdict: Partly false")).toBe("Partly false");
    expect(rate("These posts are therefore false.")).toBe("False");
    expect(rate("Nothing to see here.")).toBeUndefined();
  });
});
