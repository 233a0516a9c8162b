/**
 * Builds the claim-identity eval sets (issue 11, item 5, and the noisy-post dev set of item 4):
 *
 *   npx tsx scripts/build-identity-eval.ts [--shared ../shared] [--starter data/starter]
 *                                          [--out test/fixtures/eval/identity] [--seed 11]
 *
 * Reads the starter records the bot ships (data/starter/*.jsonl(.gz), validated as src/ingest/starter.ts does: the
 * eval index) and ../shared (CheckThat! 2022-2a-en vclaims and dev/devtest tweets, 2022-2b-en claimants, for name
 * pools and real wordings). Writes near-miss.jsonl, paraphrase.jsonl, noisy.jsonl and README.md (recipe, counts per
 * kind, licences). Deterministic: the same inputs and seed give the same bytes.
 *
 * Independence: nothing here imports the matcher (src/core/claim-identity.ts, src/core/guards.ts, gazetteers). The
 * pools are mined here from the collections, so the eval does not grade the matcher with its own knowledge.
 *
 * Line format: {id, text, set, kind, relevant, mustNotMatch, exclude, lang?, noise?}; `exclude` ids are removed from
 * the eval index by `claimbot eval --identity` (mined frame pairs: the post's own record and its near-duplicates).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { seededRandom } from "../src/core/random.ts";
import { claimKey, loadBuilderData, type BuilderData } from "./build-identity-eval-data.ts";
import { buildFramePairs } from "./build-identity-eval-frames.ts";
import { buildSwaps, issueExampleIds, type EvalLine } from "./build-identity-eval-near-miss.ts";
import { buildNoisy } from "./build-identity-eval-noisy.ts";
import { buildParaphrases } from "./build-identity-eval-paraphrase.ts";
import { buildPools } from "./build-identity-eval-pools.ts";
import { sameClaimFinder } from "./build-identity-eval-same-claim.ts";
import { identityReadme } from "./build-identity-eval-readme.ts";

const ROOT = resolve(new URL("..", import.meta.url).pathname);
/** The issue's four example posts: tested on their own, never part of the set. */
const ISSUE_POSTS = [
  "Senator Elizabeth Warren was arrested by the Secret Service for plotting a coup to overthrow the president",
  "Melania Trump was arrested while attempting to purchase marijuana in Chicago",
  "Ohio has banned a popular type of ammunition, the 9mm",
  "Russian state media reported that Iran has decided to send troops to Ukraine to support Russia",
];

/** Drops repeated ids and repeated texts (folded; noisy posts exactly, emoji being their difference), keeping the first. */
function dedupe(lines: EvalLine[]): EvalLine[] {
  const ids = new Set<string>();
  const texts = new Set<string>();
  return lines.filter((l) => {
    const key = l.set === "noisy" ? `noisy:${l.text}` : claimKey(l.text);
    if (ids.has(l.id) || texts.has(key)) return false;
    ids.add(l.id);
    texts.add(key);
    return true;
  });
}

/** Throws when a line names an unknown id, a relevant or template id is excluded, or an issue example slipped in. */
function validate(data: BuilderData, lines: readonly EvalLine[]): void {
  const excluded = new Set(lines.flatMap((l) => l.exclude));
  const issue = new Set(ISSUE_POSTS.map(claimKey));
  for (const l of lines) {
    for (const id of [...l.relevant, ...l.mustNotMatch, ...l.exclude]) if (!data.byId.has(id)) throw new Error(`${l.id}: unknown starter id ${id}`);
    for (const id of [...l.relevant, ...l.mustNotMatch]) if (excluded.has(id)) throw new Error(`${l.id}: ${id} is both needed and excluded`);
    if (issue.has(claimKey(l.text))) throw new Error(`${l.id}: an example post of the issue`);
    if (l.set === "near-miss" ? l.mustNotMatch.length === 0 || l.relevant.length > 0 : l.relevant.length === 0) throw new Error(`${l.id}: bad qrels`);
  }
}

function main(): void {
  const { values } = parseArgs({
    options: {
      shared: { type: "string", default: resolve(ROOT, "../shared") },
      starter: { type: "string", default: join(ROOT, "data/starter") },
      out: { type: "string", default: join(ROOT, "test/fixtures/eval/identity") },
      seed: { type: "string", default: "11" },
    },
  });
  const seed = Number(values.seed);
  const data = loadBuilderData(values.starter!, values.shared!);
  const pools = buildPools(data);
  const blocked = issueExampleIds(data);

  // Order matters: the noisy set's relevant ids must stay indexed, so frame pairs may not exclude them; swap
  // templates and paraphrase targets may not be excluded records either.
  const sameClaim = sameClaimFinder(data, pools);
  const noisy = buildNoisy(data, values.shared!, seededRandom(seed + 3), new Set(), sameClaim);
  const keep = new Set([...blocked, ...noisy.flatMap((l) => l.relevant)]);
  const frames = buildFramePairs(data, pools, seededRandom(seed + 1), keep);
  const excluded = new Set(frames.flatMap((l) => l.exclude));
  const swaps = buildSwaps(data, pools, seededRandom(seed), new Set([...blocked, ...excluded]));
  const paraphrases = buildParaphrases(data, seededRandom(seed + 2), excluded, sameClaim);

  const all = dedupe([...frames, ...swaps, ...paraphrases, ...noisy]);
  validate(data, all);
  mkdirSync(values.out!, { recursive: true });
  const sets = { "near-miss": [] as EvalLine[], paraphrase: [] as EvalLine[], noisy: [] as EvalLine[] };
  for (const l of all) sets[l.set].push(l);
  for (const [name, lines] of Object.entries(sets)) {
    lines.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    writeFileSync(join(values.out!, `${name}.jsonl`), lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  }
  writeFileSync(join(values.out!, "README.md"), identityReadme(sets, { seed, starter: data.starter.length, pools }));
  for (const [name, lines] of Object.entries(sets)) process.stdout.write(`${name}: ${lines.length} posts\n`);
}

main();
