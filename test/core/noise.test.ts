import { describe, expect, it } from "vitest";
import { stripNoise } from "../../src/core/noise.ts";
import { preparePost } from "../../src/core/prepare.ts";

describe("stripNoise: what a forwarded post carries that is not its claim", () => {
  it("drops screenshot chrome, pleas and hashtag runs, keeps the claim", () => {
    const post = [
      "Forwarded from Freedom Voices",
      "Amy Jo Cousins",
      "@_AJCousins",
      "In Alabama you won't be able to own a car and get food stamps.",
      "11:02 AM · March 18, 2016 · Twitter for iPhone",
      "312 Retweets 2.1K Likes",
      "SHARE BEFORE THEY DELETE IT!! Media won't report this. Pass it on!!",
      "#factsmatter #viral #wakeup #truth",
    ].join("\n");
    const out = stripNoise(post);
    expect(out).toContain("In Alabama you won't be able to own a car and get food stamps.");
    for (const gone of ["Freedom Voices", "Amy Jo", "@_AJ", "Twitter for iPhone", "Retweets", "DELETE", "report this", "Pass it on", "#viral"]) {
      expect(out).not.toContain(gone);
    }
  });
  it("keeps one or two hashtags (they are often words of the claim) and Korean pleas go", () => {
    expect(stripNoise("#Pelosi was arrested for #treason")).toBe("#Pelosi was arrested for #treason");
    expect(stripNoise("북한이 우크라이나에 파병했다 많이 공유해 주세요!!")).not.toContain("공유");
  });
  it("joins lines wrapped inside a sentence and strips every pasted tweet signature", () => {
    const p = preparePost({
      text: "michael savage is fired because he\nmentions hillary clintons health — HKTK Planet (@HKTKplanet) September 28, 2016\n\nCoin toss broke 6 deadlocks in Iowa — Mark Nixon (@markalannixon) February 2, 2016",
    });
    expect(p.text).toBe("michael savage is fired because he mentions hillary clintons health\nCoin toss broke 6 deadlocks in Iowa");
    expect(p.sentences).toHaveLength(2);
  });
});
