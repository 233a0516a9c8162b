/** The README of test/fixtures/eval/identity/, written by scripts/build-identity-eval.ts with the counts it reached. */
import type { EvalLine } from "./build-identity-eval-near-miss.ts";
import type { Pools } from "./build-identity-eval-pools.ts";

function countBy(lines: readonly EvalLine[], key: (l: EvalLine) => string[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const l of lines) for (const k of key(l)) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

function table(header: string, rows: Array<[string, number]>): string {
  return [`| ${header} | posts |`, "|---|---:|", ...rows.map(([k, n]) => `| ${k} | ${n} |`)].join("\n");
}

/** Renders the README. */
export function identityReadme(sets: Record<"near-miss" | "paraphrase" | "noisy", EvalLine[]>, info: { seed: number; starter: number; pools: Pools }): string {
  const nm = sets["near-miss"];
  const source = (l: EvalLine) => (l.id.startsWith("nm-frame-") ? "frame pair" : l.id.startsWith("nm-short-") ? "shortened swap" : "swap");
  const p = info.pools;
  return `# Claim identity eval sets

Built by \`npx tsx scripts/build-identity-eval.ts\` (seed ${info.seed}; deterministic) from the ${info.starter} starter
records (\`data/starter/\`, the eval index) and \`../shared\` (CheckThat! 2022-2a-en and 2022-2b-en). Run with
\`npm run claimbot -- eval --identity test/fixtures/eval/identity\`; figures and key definitions in docs/eval.md,
section "Claim identity". Nothing here was derived from the matcher's own code or gazetteer.

Line format (JSONL, all files): \`{"id", "text", "set", "kind", "relevant", "mustNotMatch", "exclude", "lang"?, "noise"?, "claims"?}\`.
\`relevant\`: starter ids that answer the post (a record plus its near-duplicates: same claim text, other
publisher). \`mustNotMatch\`: the template record(s) a near-miss was made from. \`exclude\`: ids the runner removes
from the index (the union over all three files). \`lang\` is informational (\`ko+en\` for Korean-mixed posts); the
runner never passes it to the pipeline.

## near-miss.jsonl: ${nm.length} posts, each a different claim in the words of a checked one

- **swap** (synthetic): a starter claim with real casing (PolitiFact, or a Snopes claim whose cased CheckThat wording
  joins it by URL), PolitiFact's "Says …" frame and quote marks dropped, ONE slot replaced by another value of its
  kind: person (full name; first names from claimants), surname after a title or alone ("President Obama"),
  organisation (same type: agency, company, platform, media, group, league, or an advocacy group among the
  claimants), country or demonym (same world sub-region 70% of the time), US state, US city, object (same category,
  never a synonym: "assault weapons" → "hunting rifles"), number (×/÷ or shifted), year. One post per template; a
  replacement value is used at most twice. A swap is dropped when a starter claim close to it (Jaccard ≥ 0.6) names
  the new value (it might be that very claim, checked); other close claims join \`mustNotMatch\`.
- **shortened swap** (kind \`shortened\`): the same swap in a post that restates only the start of the claim, up to
  three words past the new value and at most 75% of its words ("Senator Warren was arrested for plotting a coup"
  against "Rep. Nancy Pelosi was arrested by the Secret Service for plotting a coup to overthrow the president"): the
  post then holds little of the checked claim, and the claim holds nearly all of the post. No wrapper, no lower-casing.
- **frame pair** (mined, \`scripts/build-identity-eval-frames.ts\`): two starter claims whose content words align
  (LCS) except for ONE substituted span of ≤ 4 content words (titles, fillers and a one- or two-word insertion
  ignored), both sides of one slot kind by the pools, or both capitalised names (\`name\`), or the final span of
  the claim (\`tail-slot\`: "… banning {the sale of assault weapons | the possession and sale of Confederate
  flags}"). The post is record B's claim; B, its near-duplicates and any rewording of it are \`exclude\`d from the
  index; A and other frame members are \`mustNotMatch\`. The starter data holds few such frames (≈ 480 candidate
  pairs, ≈ 200 with a single gap, most of them rewordings), and the automatic test still let rewordings through
  ("dead last in job creation" / "in job growth"): every mined pair was read, and the records of 12 same-claim pairs
  are listed in \`REVIEWED_SAME_CLAIM\` and never used.
- Surface: ${"~"}25% lightly wrapped ("BREAKING:", "Wow —", "Share this!"), ${"~"}15% fully lower-cased. The issue's four
  example posts and their templates are never used.

${table("source", countBy(nm, (l) => [source(l)]))}

${table("slot kind (both sources)", countBy(nm, (l) => [l.kind]))}

${table("source / kind", countBy(nm, (l) => [`${source(l)} / ${l.kind}`]))}

Pools: ${p.people.length} people (claimants of 2022-2b-en that look like "First Last"), ${p.famousSurnames.length} surnames of claimants with ≥ 12
claims, ${[...p.orgs.values()].reduce((a, l) => a + l.length, 0)} organisations, ${p.countries.size} countries (world-countries, attested ≥ 2 times in the
collections), ${p.states.length} states, ${p.cities.length} cities, ${[...p.objects.values()].reduce((a, l) => a + l.length, 0)} object sets in ${p.objects.size} categories (table in
\`scripts/build-identity-eval-pools.ts\`, entries kept only when attested).

## paraphrase.jsonl: ${sets.paraphrase.length} posts, the same claim in other words

- **title**: the Snopes article title from CheckThat 2022-2a-en \`vclaims.jsonl\`, joined to the starter Snopes record
  by normalised URL (the starter holds no titles). Kept when ≥ 6 words, sharing less than 70% of its content words
  with the claim and at least 25% (a question: "Did …?") or 45% (a statement headline), and not a debunk or topic
  headline (no negation, "hoax", "how", "origins", "misidentified", "circulated" …).
  \`title-hard\`: a title sharing less than 45% of its content words with the claim (questions only, by the rule
  above); \`title\`: 45–70%.
- **rule-***: a starter claim rewritten: \`reorder\` (leading clause moved to the end), \`passive\`, \`report\`
  ("I just read that …"), \`question\` ("Is it true that …?"); report and question always carry a synonym swap
  (table \`SYNONYMS\` in \`scripts/build-identity-eval-paraphrase.ts\`).

${table("kind", countBy(sets.paraphrase, (l) => [l.kind]))}

## noisy.jsonl: ${sets.noisy.length} posts, the noisy-post dev set

CheckThat 2022-2a-en **dev and devtest** tweets (never train; a tweet whose text also appears in train is skipped)
whose gold vclaim joins a starter record by URL. Devtest contributes none: its fact-checks are from 2021, after the
VERITAS snapshot (2004–2018) the starter data holds. Each tweet appears as a \`clean\` copy and once wrapped in noise
(a primary kind, cycling, plus up to two more): \`forwarded\` ("Forwarded many times", "Forwarded from <channel>"),
\`hashtags\` (a run of 4–9), \`share-plea\`, \`emoji\`, \`ocr\` (a caption, then the tweet as read off a screenshot:
name and handle, broken line wraps and hyphenation, stray characters, letter confusions, time and counters, links
gone), \`korean\` (a Korean preface and often a suffix). \`two-claims\`: two tweets of different fact-checks in one post
(both relevant; \`claims\` lists the relevant ids of each).

${table("kind (primary)", countBy(sets.noisy, (l) => [l.kind]))}

${table("noise kind (any)", countBy(sets.noisy, (l) => l.noise ?? []))}

## Licences

The post texts derive from the starter data (VERITAS PolitiFact/Snopes/FactCheck.org records: **CC BY-NC-SA 4.0**;
Cofacts: CC0) and from CheckThat! Lab data (tweets, Snopes titles, PolitiFact claimants: free for general research
use, per the upstream READMEs). Country names: world-countries (ODbL 1.0). Use these files for research and testing
only; share derivatives under the same terms.
`;
}
