import { beforeAll, describe, expect, it } from "vitest";
import { createLookup, toLookupJson } from "../../src/core/lookup.ts";
import type { LookupFn } from "../../src/core/lookup-types.ts";
import { renderReply } from "../../src/core/render-reply.ts";
import { useStarterIndex } from "./starter-index.ts";

/**
 * The four near-misses and the seed, on the bundled starter index (data/starter, the index `npm start`
 * serves): a post that changes who, what or where is never a match; the seed still is, in English and Korean.
 */
const NEAR_MISSES = [
  {
    post: "Senator Elizabeth Warren was arrested by the Secret Service for plotting a coup to overthrow the president",
    template: "snopes-com-16de96a750dcf1e1",
    difference: { post: "Elizabeth Warren", claim: "Nancy Pelosi" },
  },
  {
    post: "Melania Trump was arrested while attempting to purchase marijuana in Chicago",
    template: "snopes-com-4358168e1efda191",
    difference: { post: "Melania Trump", claim: "Malia Obama" },
  },
  {
    post: "Ohio has banned a popular type of ammunition, the 9mm",
    template: "snopes-com-5a07ab7d8f19507c",
    difference: { post: "Ohio", claim: "California" },
  },
  {
    post: "Russian state media reported that Iran has decided to send troops to Ukraine to support Russia",
    template: "news-yahoo-com-7d571958c0dfc1b5",
    difference: { post: "Iran", claim: "North Korea" },
  },
  // The same near-misses told shortly, as people retell them: most of the checked claim is missing from the post,
  // but the post is the claim's start with another slot (the guide's own example is the first).
  {
    post: "Senator Warren was arrested for plotting a coup",
    template: "snopes-com-16de96a750dcf1e1",
    difference: { post: "Warren", claim: "Nancy Pelosi" },
  },
  {
    post: "Iran has decided to send troops to Ukraine",
    template: "news-yahoo-com-7d571958c0dfc1b5",
    difference: { post: "Iran", claim: "North Korea" },
  },
  // …and with another thing of the same kind in the slot (WordNet: two animals).
  {
    post: "A video shows Koko the cow spontaneously using sign",
    template: "snopes-com-09a71c18cf54e6a9",
    difference: { post: "cow", claim: "gorilla" },
  },
  // …and the claim's own words, cut short, with one slot changed (a word-for-word copy: brands, leagues, things
  // WordNet does not relate; a demonym the claim says elsewhere too).
  {
    post: "The Miami Dolphins are the only FIFA team in the",
    template: "politifact-com-a60f058d7018387b",
    difference: { post: "FIFA", claim: "NFL" },
  },
  {
    post: "A majority of Americans agree with a ban on pistols. And by",
    template: "politifact-com-2668c644be98e025",
    difference: { post: "pistols", claim: "assault weapons" },
  },
  {
    post: "Donald Trump said that Spanish people are the",
    template: "snopes-com-3a0bc8caacac05d0",
    difference: { post: "Spanish", claim: "portuguese" },
  },
  // The seed's own template in Korean, another country in its slot, told as people tell it: in the seed's words,
  // shortly, with other words for "send troops" (파견 / 파병 / 보내다), or leaving out who reported it.
  ...[
    "중국이 우크라이나에 군대를 파견하기로 결정했다",
    "이란이 우크라이나에 군대를 보내기로 했다",
    "중국, 우크라이나에 파병 결정",
    "[속보] 중국, 러시아 지원 위해 우크라이나에 파병 결정",
    '러시아 국영 언론 "중국, 러시아 지원 위해 우크라이나에 파병 결정"',
    "러시아 국영 언론은 중국이 러시아를 지원하기 위해 우크라이나에 군대를 파견하기로 결정했다고 보도했다",
  ].map((post) => ({ post, template: "news-yahoo-com-7d571958c0dfc1b5", difference: { post: post.includes("이란") ? "이란" : "중국", claim: "북한" } })),
];

describe("claim identity on the starter index", () => {
  const starter = useStarterIndex();
  let lookup: LookupFn;
  beforeAll(() => {
    lookup = createLookup({ index: starter.index });
  });

  for (const { post, template, difference } of NEAR_MISSES) {
    it(`is silent in a group and says "about ${difference.claim}, not ${difference.post}" in a DM: ${post.slice(0, 40)}…`, async () => {
      expect((await lookup({ text: post }, "group")).outcome).toBe("none");
      const dm = await lookup({ text: post }, "dm");
      expect(dm.outcome).toBe("related");
      expect(dm.matches[0]?.factCheck.id).toBe(template);
      expect(dm.matches[0]?.differences?.[0]).toMatchObject(difference);
      expect(toLookupJson(dm).matches[0]?.differences?.[0]).toMatchObject(difference);
      const reply = renderReply(dm, "en");
      // A thing is quoted ("about \"gorilla\", not \"cow\""); a name is not.
      const quote = ["object", "quantity", "date"].includes(dm.matches[0]!.differences![0]!.kind) ? '"' : "";
      expect(reply.text.split("\n")[0]).toContain(`about ${quote}${difference.claim}${quote}, not ${quote}${difference.post}${quote}`);
      expect(renderReply(dm, "ko").text).toContain(difference.post);
    });
  }

  it("still matches the seed post and its Korean version to the AFP fact-check, in both modes", async () => {
    const posts = [
      "[Breaking] Russian state media reported that North Korea has decided to send troops to Ukraine to support Russia in the Russia-Ukraine war",
      '[속보] 러시아 국영 언론 "북한, 러시아 지원 위해 우크라이나에 파병 결정"',
      // The same claim in other Korean words: other words for "send troops", shortly, the report left out.
      "러시아 국영 언론은 북한이 러시아를 지원하기 위해 우크라이나에 군대를 파견하기로 결정했다고 보도했다",
      "북한이 우크라이나에 군대를 파견하기로 결정했다",
      "북한, 우크라이나에 파병 결정",
      "북한이 러시아를 돕기 위해 우크라이나에 군대를 보냈다",
    ];
    for (const text of posts) {
      for (const mode of ["dm", "group"] as const) {
        const result = await lookup({ text }, mode);
        expect(result.outcome, `${mode}: ${text}`).toBe("match");
        expect(result.matches[0]?.factCheck.publisher.name).toBe("AFP Fact Check");
        expect(result.matches[0]?.differences).toBeUndefined();
      }
    }
  });
});
