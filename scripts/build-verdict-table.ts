/**
 * Builds src/core/verdict-table.json from ../shared/data/label-maps (x-fact per-site maps through master_mapping,
 * factspan verdict_mapping.json and verdict_prefix_mapping.json) and lists every rating the shared collections use,
 * with the verdict it resolves to. The committed JSON is what runs; ../shared is needed only to rebuild.
 *
 *   npx tsx scripts/build-verdict-table.ts [--shared ../shared]
 */
import { readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { basename, join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { Verdict } from "../src/core/factcheck.ts";
import { siteKey, verdictKey } from "../src/core/verdict-key.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "src/core/verdict-table.json");
/** Labels longer than this (characters) are sentences, not ratings: they never enter the table. */
const MAX_LABEL_CHARS = 40;
/** Same, in words. */
const MAX_LABEL_WORDS = 5;

function sharedDir(): string {
  const i = process.argv.indexOf("--shared");
  const dir = i >= 0 ? process.argv[i + 1] : undefined;
  return resolve(ROOT, dir ?? "../shared");
}

/** x-fact's 7 master classes onto our scale. */
const MASTER_CLASS: Record<string, Verdict> = {
  true: "true",
  "mostly true": "mostly-true",
  "partly true/misleading": "misleading",
  "complicated/hard to categorise": "unproven",
  other: "other",
  "mostly false": "mostly-false",
  false: "false",
};

/**
 * x-fact's English labels that our scale splits more finely than the master classes do (the master puts "half true"
 * and "misleading" in one class; we keep `mixed` apart from `misleading`).
 */
const XFACT_LABEL: Record<string, Verdict> = {
  "half true": "mixed",
  "partly true": "mixed",
  "partially true": "mixed",
  "half false": "mixed",
  "partly false": "mixed",
  "partially false": "mixed",
  mix: "mixed",
  contradictory: "mixed",
  "maybe true": "mixed",
  debatable: "mixed",
  controversial: "mixed",
  complicated: "mixed",
  "true, but": "mostly-true",
  incomplete: "other",
  watching: "other",
  "in process": "other",
  satire: "satire",
  sarcasm: "satire",
  "other/satire": "satire",
  "other/sarcasm": "satire",
  "going pinocchio": "mostly-false",
  lie: "false",
  fake: "false",
  impostor: "false",
};

function loadMaster(dir: string): Map<string, Verdict> {
  const map = new Map<string, Verdict>();
  for (const line of readFileSync(join(dir, "master_mapping.tsv"), "utf8").split("\n")) {
    const [cls, variants] = line.split("\t");
    if (!cls || !variants) continue;
    const verdict = MASTER_CLASS[cls.trim()];
    if (!verdict) throw new Error(`unknown x-fact master class ${cls}`);
    for (const v of variants.split("|")) map.set(v.trim().toLowerCase(), verdict);
  }
  return map;
}

function englishToVerdict(label: string, master: Map<string, Verdict>): Verdict | undefined {
  const l = label.trim().toLowerCase();
  return XFACT_LABEL[l] ?? master.get(l) ?? (l.startsWith("other/") ? "other" : undefined);
}

function isRatingLike(label: string): boolean {
  const key = verdictKey(label);
  return (
    key.length > 0 &&
    label.length <= MAX_LABEL_CHARS &&
    key.split(" ").length <= MAX_LABEL_WORDS &&
    !/^https?:/i.test(label.trim()) &&
    !/^\d/.test(key)
  );
}

/** Adds a vote for `key → verdict`; the majority wins, ties go to the first seen. */
function vote(votes: Map<string, Map<Verdict, number>>, key: string, verdict: Verdict): void {
  let v = votes.get(key);
  if (!v) votes.set(key, (v = new Map()));
  v.set(verdict, (v.get(verdict) ?? 0) + 1);
}

function resolveVotes(votes: Map<string, Map<Verdict, number>>, conflicts: string[]): Record<string, Verdict> {
  const out: Record<string, Verdict> = {};
  for (const key of [...votes.keys()].sort()) {
    const entries = [...votes.get(key)!.entries()];
    entries.sort((a, b) => b[1] - a[1]);
    if (entries.length > 1) conflicts.push(`${key}: ${entries.map(([v, n]) => `${v}×${n}`).join(" ")}`);
    out[key] = entries[0]![0];
  }
  return out;
}

function main(): void {
  const shared = sharedDir();
  const xfactDir = join(shared, "data/label-maps/x-fact");
  const factspanDir = join(shared, "data/label-maps/factspan");
  if (!existsSync(xfactDir)) throw new Error(`label maps not found under ${shared} (use --shared <dir>)`);
  const master = loadMaster(xfactDir);

  const xfactVotes = new Map<string, Map<Verdict, number>>();
  const bySite: Record<string, Record<string, Verdict>> = {};
  const unmapped: string[] = [];
  for (const file of readdirSync(xfactDir).sort()) {
    if (!file.endsWith(".txt")) continue;
    const site = siteKey(basename(file, ".txt"));
    const siteMap: Record<string, Verdict> = {};
    for (const line of readFileSync(join(xfactDir, file), "utf8").split("\n")) {
      const [label, english] = line.split("\t");
      if (!label || !english || !isRatingLike(label)) continue;
      const verdict = englishToVerdict(english, master);
      if (!verdict) {
        unmapped.push(`${file}: ${label} → ${english}`);
        continue;
      }
      siteMap[verdictKey(label)] = verdict;
      vote(xfactVotes, verdictKey(label), verdict);
    }
    if (Object.keys(siteMap).length > 0) bySite[site] = siteMap;
  }

  const FACTSPAN_CLASS: Record<string, Verdict> = {
    False: "false",
    "Mostly False": "mostly-false",
    "Partly False/Misleading": "misleading",
    "Mostly True": "mostly-true",
    True: "true",
  };
  const factspanVotes = new Map<string, Map<Verdict, number>>();
  for (const name of ["verdict_mapping.json", "verdict_prefix_mapping.json"]) {
    const map = JSON.parse(readFileSync(join(factspanDir, name), "utf8")) as Record<string, string>;
    for (const [label, cls] of Object.entries(map)) {
      const verdict = FACTSPAN_CLASS[cls];
      if (!verdict) throw new Error(`unknown factspan class ${cls}`);
      // verdict_prefix_mapping holds short sentences ("This claim is FALSE"); they are exact wordings, kept whole.
      if (verdictKey(label).length === 0 || label.length > 80) continue;
      vote(factspanVotes, verdictKey(label), verdict);
    }
  }

  const conflicts: string[] = [];
  // factspan (one global feed) wins over x-fact's cross-site majority where both name a wording.
  const global = { ...resolveVotes(xfactVotes, conflicts), ...resolveVotes(factspanVotes, conflicts) };

  const table = {
    "//": "GENERATED by scripts/build-verdict-table.ts from ../shared/data/label-maps; do not edit by hand.",
    sources: [
      "x-fact label_maps (github.com/utahnlp/x-fact @ c58b1ea, MIT)",
      "factspan verdict_mapping.json + verdict_prefix_mapping.json (github.com/lorraine-dev/FactSpan @ 5023bf1, MIT)",
    ],
    global,
    bySite,
  };
  writeFileSync(OUT, `${JSON.stringify(table, null, 1)}\n`);
  console.log(
    `wrote ${OUT}: ${Object.keys(global).length} global wordings, ${Object.keys(bySite).length} site maps`,
  );
  if (conflicts.length) console.log(`conflicting votes (majority kept):\n  ${conflicts.join("\n  ")}`);
  if (unmapped.length) console.log(`x-fact labels with no class (skipped):\n  ${unmapped.join("\n  ")}`);
}

main();
