import { describe, expect, it } from "vitest";
import { detectLanguage } from "../../src/core/language.ts";
import { cleanText, hashtagToWords, MAX_CLAIM_SENTENCES, MAX_POST_URLS, preparePost } from "../../src/core/prepare.ts";

describe("cleanText / preparePost", () => {
  it("strips breaking/forwarded boilerplate", () => {
    expect(preparePost({ text: "[Breaking] North Korea sends troops" }).text).toBe("North Korea sends troops");
    expect(preparePost({ text: "BREAKING: North Korea sends troops" }).text).toBe("North Korea sends troops");
    expect(preparePost({ text: "Forwarded\nNorth Korea sends troops" }).text).toBe("North Korea sends troops");
    expect(preparePost({ text: "[속보] 북한 우크라이나 파병" }).text).toBe("북한 우크라이나 파병");
    expect(preparePost({ text: "속보: 북한 우크라이나 파병" }).text).toBe("북한 우크라이나 파병");
  });

  it("removes emoji runs, turns hashtags and mentions into words", () => {
    const p = preparePost({ text: "🔥🔥 Vaccines contain microchips #BillGates @WHOnews 😱" });
    expect(p.text).toBe("Vaccines contain microchips Bill Gates WH Onews");
    expect(hashtagToWords("DefundTheCBC")).toBe("Defund The CBC");
    expect(hashtagToWords("covid_19")).toBe("covid 19");
  });

  it("gives claim identity the text without closing hashtags and 'via @site', keeping tags that open a line", () => {
    const p = preparePost({ text: "Eric Holder took part in an armed occupation at Columbia #OregonUnderAttack #tcot" });
    expect(p.text).toContain("Oregon Under Attack");
    expect(p.claimText).toBe("Eric Holder took part in an armed occupation at Columbia");
    expect(preparePost({ text: "Kent schools removed pork from menus via @creepingsharia" }).claimText).toBe("Kent schools removed pork from menus");
    // A tag that opens the line may be its subject; a post without closing tags has no separate claim text.
    expect(preparePost({ text: "@SenWarren was arrested for plotting a coup" }).claimText).toBeUndefined();
    expect(preparePost({ text: "#Warren was arrested for plotting a coup" }).claimText).toBeUndefined();
    // A post that is only tags keeps them.
    expect(preparePost({ text: "#SandersOnAPlane" }).claimText).toBeUndefined();
  });
  it("removes a tweet signature and pic.twitter links, sets URLs aside (also glued ones)", () => {
    const p = preparePost({
      text: "The CBC deletes Trump from Home Alone 2 #DefundTheCBChttps://t.co/CsHG8R9cHp pic.twitter.com/abc123 — Brad Trost 🇨🇦 (@BradTrostCPC) December 26, 2019",
    });
    expect(p.text).toBe("The CBC deletes Trump from Home Alone 2 Defund The CBC");
    expect(p.urls).toEqual(["https://t.co/CsHG8R9cHp"]);
    expect(p.date).toBe("2019-12-26");
    expect(preparePost({ text: "no signature here" }).date).toBeUndefined();
  });

  it("merges entity URLs with text URLs, de-duplicated and capped", () => {
    const urls = Array.from({ length: 9 }, (_, i) => `https://example.com/${i}`);
    const p = preparePost({ text: "see https://example.com/0?utm_source=x and more", urls });
    expect(p.urls.length).toBe(MAX_POST_URLS);
    expect(p.urls[0]).toBe("https://example.com/0");
  });

  it("strips HTML and decodes entities", () => {
    expect(cleanText("<p>Salt &amp; <b>vinegar</b> cures flu</p><script>x</script>").text).toBe("Salt & vinegar cures flu x");
  });

  it("gives an empty text for emoji only, zero-width only, punctuation only", () => {
    for (const t of ["😀😀😀🇰🇷", "\u200b\u200c\u200d\ufeff", "!!! ??? ...", ""]) {
      const p = preparePost({ text: t });
      expect(p.text).toBe("");
      expect(p.sentences).toEqual([]);
    }
  });

  it("splits a long post into claim sentences, short fragments joined, capped", () => {
    const p = preparePost({
      text: "Wow. The moon landing was filmed in a studio in Nevada. Bill Gates put microchips in the vaccines. Share!",
    });
    expect(p.sentences).toEqual([
      "Wow. The moon landing was filmed in a studio in Nevada.",
      "Bill Gates put microchips in the vaccines. Share!",
    ]);
    const long = preparePost({ text: Array.from({ length: 40 }, (_, i) => `Claim number ${i} says the sky is green.`).join(" ") });
    expect(long.sentences.length).toBe(MAX_CLAIM_SENTENCES);
  });

  it("caps the work on a huge post", () => {
    const p = preparePost({ text: "lorem ipsum dolor sit amet ".repeat(5000) });
    expect(p.truncated).toBe(true);
    expect(p.text.length).toBeLessThanOrEqual(4000);
  });

  it("keeps the caller's language hint and ignores a malformed one", () => {
    expect(preparePost({ text: "hello there my friend, how are you", lang: "ko" }).language).toBe("ko");
    expect(preparePost({ text: "Das ist ein ziemlich langer deutscher Satz über das Wetter", lang: "<x>" }).language).toBe("de");
  });
});

describe("detectLanguage", () => {
  it("tells CJK scripts apart by script and Latin languages by franc", () => {
    expect(detectLanguage("북한이 우크라이나에 군대를 파견하기로 했다")).toBe("ko");
    expect(detectLanguage("北朝鮮がウクライナに軍を派遣すると報じられた")).toBe("ja");
    expect(detectLanguage("北韓決定派兵烏克蘭支援俄羅斯")).toBe("zh");
    expect(detectLanguage("Russian state media reported that North Korea has decided to send troops to Ukraine")).toBe("en");
    expect(detectLanguage("El gobierno anunció que las vacunas contienen microchips para controlar a la población")).toBe("es");
    expect(detectLanguage("hi")).toBe("und");
    expect(detectLanguage("")).toBe("und");
  });
});
