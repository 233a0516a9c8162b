import { readFileSync } from "node:fs";

/**
 * Synonyms for the claim-identity comparison: a word swapped for a synonym ("purchased" / "bought", "kids" /
 * "children") is the same claim in other words, not another object. The table (model/synonyms.json, built by
 * scripts/build-synonyms.ts from WordNet 3.1) holds synsets as stems (features.ts `stem`); loaded once, lazily; when
 * the file is missing no two words are synonyms (the comparison still works, more strictly).
 */
let bySynset: Map<string, number[]> | undefined;

function table(): Map<string, number[]> {
  if (bySynset) return bySynset;
  bySynset = new Map();
  try {
    const file = JSON.parse(readFileSync(new URL("./model/synonyms.json", import.meta.url), "utf8")) as { synsets: string[] };
    file.synsets.forEach((synset, id) => {
      for (const s of synset.split(" ")) bySynset!.set(s, [...(bySynset!.get(s) ?? []), id]);
    });
  } catch {
    // No table: no synonyms.
  }
  return bySynset;
}

/** Whether two stems share a WordNet synset. */
export function synonymous(a: string, b: string): boolean {
  if (a === b) return true;
  const x = table().get(a);
  const y = x && table().get(b);
  return y !== undefined && x!.some((id) => y.includes(id));
}
