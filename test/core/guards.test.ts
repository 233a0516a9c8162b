import { describe, expect, it } from "vitest";
import { decide } from "../../src/core/decide.ts";
import type { FactCheck } from "../../src/core/factcheck.ts";
import { claimClash } from "../../src/core/guards.ts";
import type { ScoredMatch } from "../../src/core/lookup-types.ts";

const fc = (claim: string, altClaims: string[] = []) => ({ claim, altClaims });

describe("claimClash", () => {
  it("vetoes the opposite polarity on short posts", () => {
    expect(claimClash("Vaccines cause autism", fc("Science is very certain that the measles vaccine doesn't cause autism"))).toBe("negation");
    expect(claimClash("Vaccines don't cause autism", fc("Vaccines cause autism"))).toBe("negation");
    expect(claimClash("Vaccines cause autism!!", fc("Vaccines cause autism in children"))).toBeNull();
  });
  it("vetoes contrasting pairs", () => {
    const seed = fc("Russian state media reported that North Korea has decided to send troops to Ukraine");
    expect(claimClash("South Korea decided to send weapons to Ukraine", seed)).toBe("antonym");
    expect(claimClash("North Korea is sending troops to Ukraine", seed)).toBeNull();
    expect(claimClash("Unemployment rose last year", fc("Unemployment fell last year"))).toBe("antonym");
  });
  it("vetoes numbers that never agree, and accepts one that does", () => {
    expect(claimClash("Biden added 15 million jobs", fc("Biden added 10 million jobs"))).toBe("number");
    expect(claimClash("Biden added 10 million jobs in 2021", fc("Biden added 10 million jobs"))).toBeNull();
    expect(claimClash("Biden added millions of jobs", fc("Biden added 10 million jobs"))).toBeNull();
  });
  it("compares only wordings that share words with the post (other languages say nothing either way)", () => {
    const seed = fc("North Korea has decided to send troops to Ukraine", ["북한, 러시아 지원 위해 우크라이나에 파병 결정"]);
    expect(claimClash("South Korea decided to send troops to Ukraine", seed)).toBe("antonym");
    expect(claimClash("북한 러시아 지원 위해 우크라이나에 파병 결정했다", seed)).toBeNull();
  });
  it("lets long posts mention a negation without vetoing", () => {
    const long = `${"word ".repeat(45)}North Korea will not stop: it has decided to send troops to Ukraine`;
    expect(claimClash(long, fc("North Korea has decided to send troops to Ukraine"))).toBeNull();
  });
});

describe("decide with a veto", () => {
  const m = (id: string, score: number, urlHit = false): ScoredMatch => ({
    factCheck: { id } as FactCheck,
    score,
    backendScore: 1,
    matchedTerms: [],
    urlHit,
  });
  it("never makes a vetoed candidate a match; dm may still call it related", () => {
    const vetoAll = () => true;
    expect(decide([m("a", 0.99)], "group", undefined, vetoAll).outcome).toBe("none");
    const dm = decide([m("a", 0.99)], "dm", undefined, vetoAll);
    expect(dm.outcome).toBe("related");
  });
  it("keeps vetoed candidates out of a match's extras", () => {
    const d = decide([m("a", 0.99), m("b", 0.95), m("c", 0.9)], "dm", undefined, (c) => c.factCheck.id === "b");
    expect(d.outcome).toBe("match");
    expect(d.matches.map((x) => x.factCheck.id)).toEqual(["a", "c"]);
  });
  it("trusts a URL hit over the text rules", () => {
    expect(decide([m("a", 0.99, true)], "group", undefined, () => true).outcome).toBe("match");
  });
});

describe("the lookup applies the guards (seed index)", async () => {
  const { readFileSync } = await import("node:fs");
  const { FactCheckSchema } = await import("../../src/core/factcheck.ts");
  const { MemorySearchIndex } = await import("../../src/search/memory.ts");
  const { createLookup } = await import("../../src/core/lookup.ts");
  const seed = FactCheckSchema.parse(
    JSON.parse(readFileSync(new URL("../fixtures/lookup/seed-afp.jsonl", import.meta.url), "utf8").trim().split("\n")[0]!),
  );
  const index = new MemorySearchIndex();
  await index.upsert([seed]);
  const lookup = createLookup({ index });

  it("does not answer a South Korea post with the North Korea fact-check", async () => {
    const { createLookupTrace } = await import("../../src/core/lookup.ts");
    const trace = await createLookupTrace({ index })({ text: "South Korea decided to send weapons to Ukraine" }, "dm");
    expect(trace.ranked[0]?.factCheck.id).toBe(seed.id);
    expect(trace.ranked[0]?.clash).toBe("antonym");
    for (const mode of ["dm", "group"] as const) {
      const result = await lookup({ text: "South Korea decided to send weapons to Ukraine" }, mode);
      expect(result.outcome).not.toBe("match");
    }
  });
  it("still matches the seed post itself", async () => {
    const result = await lookup({ text: "North Korea is sending troops to Ukraine to fight for Russia, Russian state TV says" }, "dm");
    expect(result.outcome).toBe("match");
  });
});

describe("claimClash numbers", () => {
  it("reads a lone digit before a magnitude, and ignores it elsewhere", () => {
    expect(claimClash("We've spent $6 trillion in the Middle East", fc("We have spent $7 trillion in the Middle East"))).toBe("number");
    expect(claimClash("5 reasons the Middle East war cost 700 lives", fc("The Middle East war cost 700 lives"))).toBeNull();
  });
});
