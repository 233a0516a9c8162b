import { readModel } from "./model/read.ts";

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
  // No table: no synonyms.
  readModel<{ synsets: string[] }>("synonyms.json")?.synsets.forEach((synset, id) => {
    for (const s of synset.split(" ")) bySynset!.set(s, [...(bySynset!.get(s) ?? []), id]);
  });
  return bySynset;
}

/** Whether two stems share a WordNet synset. */
export function synonymous(a: string, b: string): boolean {
  if (a === b) return true;
  const x = table().get(a);
  const y = x && table().get(b);
  return y !== undefined && x!.some((id) => y.includes(id));
}

/**
 * Nouns of the fact-check vocabulary with their usual WordNet senses (model/noun-kinds.json, built with the synonyms
 * by scripts/build-synonyms.ts): each sense's lexicographer file ("noun.animal") and hypernyms. Loaded once, lazily,
 * on the first short post that restates part of a claim with another word in its slot; missing file: no kinds.
 */
interface NounKinds {
  /** Per synset: its lexicographer file, then its hypernyms. */
  synsets: number[][];
  /** Noun → its usual senses (synset numbers). */
  words: Record<string, number[]>;
  /**
   * Other nouns of the vocabulary (read more often as verbs, or no things: "animal", "substance") → those of their
   * usual senses that are hypernyms of the things', for `kindOf` only.
   */
  general?: Record<string, number[]>;
}
let nounKinds: NounKinds | undefined;

function kinds(): NounKinds {
  // No table: no two words are things of one kind.
  return (nounKinds ??= readModel<NounKinds>("noun-kinds.json") ?? { synsets: [], words: {} });
}

const ancestorMemo = new Map<number, Set<number>>();
/** A synset and all its hypernyms. */
function ancestors(synset: number): Set<number> {
  let out = ancestorMemo.get(synset);
  if (out) return out;
  out = new Set([synset]);
  const parents = kinds().synsets[synset] ?? [];
  for (let k = 1; k < parents.length; k++) for (const a of ancestors(parents[k]!)) out.add(a);
  ancestorMemo.set(synset, out);
  return out;
}

/**
 * Whether two nouns (stems, or stems of a two- or three-word noun joined by a space) are two different things of one
 * kind in their usual senses: "cow" / "gorilla" (animals), "bus" / "bicycle" (artifacts), "cocaine" / "marijuana",
 * "cancer" / "tuberculosis". Not when they are synonyms or one is a kind of the other ("car" / "vehicle": the same
 * thing said more generally), nor when either is not in the table.
 */
export function otherOfKind(a: string, b: string): boolean {
  if (a === b) return false;
  const { words, synsets } = kinds();
  const x = Object.hasOwn(words, a) ? words[a] : undefined;
  const y = Object.hasOwn(words, b) ? words[b] : undefined;
  if (!x || !y || synonymous(a, b)) return false;
  if (sensesKindOf(x, y) || sensesKindOf(y, x)) return false;
  return x.some((s) => y.some((t) => synsets[s]![0] === synsets[t]![0]));
}

/** Whether a sense of the first list has a sense of the second among its hypernyms (or is one). */
const sensesKindOf = (specific: readonly number[], general: readonly number[]) => specific.some((s) => general.some((t) => ancestors(s).has(t)));

/**
 * Whether the noun `specific` (stems, as `otherOfKind` takes them) is a kind of the noun `general` in their usual
 * senses: "gorilla" of "ape" and of "animal", "car" of "vehicle", "leukemia" of "cancer".
 */
export function kindOf(specific: string, general: string): boolean {
  const { words, general: others = {} } = kinds();
  const sensesOf = (w: string) => (Object.hasOwn(words, w) ? words[w] : Object.hasOwn(others, w) ? others[w] : undefined);
  const [x, y] = [sensesOf(specific), sensesOf(general)];
  return x !== undefined && y !== undefined && specific !== general && sensesKindOf(x, y);
}
