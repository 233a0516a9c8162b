import { describe, expect, it } from "vitest";
import { kindOf, otherOfKind, synonymous } from "../../src/core/claim-synonyms.ts";
import { stem } from "../../src/core/features.ts";

const stems = (words: string) => words.split(" ").map(stem).join(" ");
const kindPair = (a: string, b: string) => otherOfKind(stems(a), stems(b));

describe("WordNet tables of the claim-identity comparison", () => {
  it("reads synonyms as one word", () => {
    expect(synonymous(stem("purchased"), stem("bought"))).toBe(true);
    expect(synonymous(stem("kids"), stem("children"))).toBe(true);
    expect(synonymous(stem("cow"), stem("gorilla"))).toBe(false);
  });

  it("tells two things of one kind apart", () => {
    expect(kindPair("cow", "gorilla")).toBe(true);
    expect(kindPair("dolphins", "spiders")).toBe(true);
    expect(kindPair("bicycle", "bus")).toBe(true);
    expect(kindPair("cocaine", "marijuana")).toBe(true);
    expect(kindPair("cancer", "tuberculosis")).toBe(true);
    expect(kindPair("epa", "secret service")).toBe(true);
  });

  it("does not read a word said more generally, a synonym, another kind, a verb or an unknown word as another thing", () => {
    expect(kindPair("car", "vehicle")).toBe(false);
    expect(kindPair("gorilla", "ape")).toBe(false);
    expect(kindPair("kids", "children")).toBe(false);
    expect(kindPair("cow", "cow")).toBe(false);
    expect(kindPair("photos", "trip")).toBe(false);
    // Read more often as verbs ("grabs", "stole": the verb "steal") than as things.
    expect(kindPair("grabs", "stole")).toBe(false);
    // People are told by names and family words (claim-identity.ts), not by WordNet: a son may be a love child.
    expect(kindPair("protester", "worker")).toBe(false);
    expect(kindPair("iphone", "computer")).toBe(false);
  });

  it("reads one noun as a kind of another, including general nouns that are no things ('animal')", () => {
    expect(kindOf(stems("pistol"), stems("weapon"))).toBe(true);
    expect(kindOf(stems("weapon"), stems("pistol"))).toBe(false);
    expect(kindOf(stems("gorilla"), stems("animal"))).toBe(true);
    expect(kindOf(stems("leukemia"), stems("cancer"))).toBe(true);
    expect(kindOf(stems("pistols"), stems("assault weapons"))).toBe(false);
    expect(kindOf(stems("cow"), stems("gorilla"))).toBe(false);
    // Outside the fact-check vocabulary the tables keep: unknown.
    expect(kindOf(stems("ape"), stems("gorilla"))).toBe(false);
  });
});
