/**
 * Answers at scale (issue 15): the CheckThat! 2022-2a-en dev and devtest tweets looked up on a bench index, whose
 * gold fact-checks sit among the replicas and the other collections' records. `claimbot eval` builds an index of the
 * benchmark's own ~14k claims, where a speed change that alters answers only when 200k records compete (a tighter
 * posting budget, fewer candidates) cannot show; these figures can. Measured (session 11): a group posting budget
 * of 3,000 instead of 4,000 left every eval figure unchanged and lost one right group match of these 401 tweets at
 * 200k.
 *
 * A fact-check counts as the gold one when it is the gold record, or any record (a replica, the same claim in
 * another collection) whose claim has the same numbers and shares at least `SAME_CLAIM_JACCARD` of its content
 * words with the gold claim: replicas that changed a number or swapped in another word often stay "right" by this
 * proxy, so the figures are for comparing runs, not for the match quality of the product (docs/eval.md has that).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { FactCheck } from "../core/factcheck.ts";
import type { LookupFn, Mode } from "../core/lookup-types.ts";
import { EN_STOPWORDS, tokenize } from "../core/text.ts";
import { checkthatSplitFiles, loadCollection, loadQrels, loadQueries } from "../eval/checkthat.ts";
import { averagePrecisionAtK } from "../eval/metrics.ts";

const GOLD = "\u0000gold";
const GOLD_SET: ReadonlySet<string> = new Set([GOLD]);

/** Content-word overlap (Jaccard) at which another record's claim stands for the gold claim. */
export const SAME_CLAIM_JACCARD = 0.7;
/** The CheckThat! task and splits looked up. */
const TASK = "2022-2a-en";
const SPLITS = ["dev", "devtest"] as const;

export interface QualityResult {
  queries: number;
  /** MAP@5 of DM lookups over the shown candidates (src/eval/metrics.ts), any fact-check of the gold claim counting. */
  dmMapAt5: number;
  dm: { matches: number; right: number };
  group: { matches: number; right: number };
  /**
   * The group matches the proxy does not count as the gold claim (at most `LISTED_MISSES`), for a reader to judge:
   * most are the same claim in other words, some are another claim (the ones claim identity should catch).
   */
  groupMisses: Array<{ query: string; post: string; matched: string; claim: string; score: number }>;
  /** Wall time of the 2 × `queries` lookups. */
  ms: number;
}

/** Group matches of another claim (by the proxy) listed in the result. */
export const LISTED_MISSES = 30;

/** One query with its gold claim. */
interface GoldQuery {
  /** The CheckThat! query id (`tweet-sno-…`). */
  id?: string;
  text: string;
  goldId: string;
  goldClaim: string;
}

const contentWords = (text: string) => new Set(tokenize(text.replace(/\bsee example\s*\(\s*s?\s*\)/gi, " ")).filter((w) => !EN_STOPWORDS.has(w)));
const numbersOf = (words: Set<string>) => [...words].filter((w) => /\d/.test(w)).sort().join(" ");

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  for (const w of a) if (b.has(w)) common++;
  return common / (a.size + b.size - common);
}

/**
 * The 2022-2a-en dev + devtest queries with their gold claims, or [] when the shared data lacks them; read as
 * `claimbot eval` reads them (src/eval/checkthat.ts).
 */
export function loadGoldQueries(dataDir: string): GoldQuery[] {
  const dir = join(dataDir, "checkthat", TASK);
  if (!existsSync(join(dir, "vclaims.jsonl"))) return [];
  const claims = new Map(loadCollection(dir).records.map((r) => [r.id, r.claim]));
  const out: GoldQuery[] = [];
  for (const split of SPLITS) {
    const files = checkthatSplitFiles(dir, split);
    if (!existsSync(files.queries) || !existsSync(files.qrels)) continue;
    const qrels = loadQrels(files.qrels);
    for (const { id, text } of loadQueries(files.queries)) {
      const goldId = [...(qrels.get(id) ?? [])][0];
      const goldClaim = goldId ? claims.get(goldId) : undefined;
      if (text.trim() && goldId && goldClaim) out.push({ id, text, goldId, goldClaim });
    }
  }
  return out;
}

/** Looks the gold queries up in both modes and scores the answers (see the module comment). */
export async function measureQuality(lookup: LookupFn, queries: readonly GoldQuery[]): Promise<QualityResult> {
  const started = performance.now();
  let ap = 0;
  const dm = { matches: 0, right: 0 };
  const group = { matches: 0, right: 0 };
  const groupMisses: QualityResult["groupMisses"] = [];
  for (const q of queries) {
    const gold = contentWords(q.goldClaim);
    const goldNumbers = numbersOf(gold);
    const same = (fc: FactCheck) => {
      if (fc.id.replace(/~\d+$/, "") === `${TASK}:${q.goldId}`) return true;
      const words = contentWords(fc.claim);
      return numbersOf(words) === goldNumbers && jaccard(words, gold) >= SAME_CLAIM_JACCARD;
    };
    const answers: Record<Mode, Awaited<ReturnType<LookupFn>>> = {
      dm: await lookup({ text: q.text }, "dm"),
      group: await lookup({ text: q.text }, "group"),
    };
    // Average precision over the shown candidates, every fact-check of the gold claim standing for the gold one.
    ap += averagePrecisionAtK(answers.dm.candidates.map((c) => (same(c.factCheck) ? GOLD : c.factCheck.id)), GOLD_SET, 5);
    for (const [mode, tally] of [["dm", dm], ["group", group]] as const) {
      const answer = answers[mode];
      if (answer.outcome !== "match") continue;
      tally.matches++;
      const first = answer.matches[0]!;
      if (same(first.factCheck)) tally.right++;
      else if (mode === "group" && groupMisses.length < LISTED_MISSES) {
        groupMisses.push({ query: q.id ?? "", post: q.text.slice(0, 280), matched: first.factCheck.id, claim: first.factCheck.claim.slice(0, 280), score: first.score });
      }
    }
  }
  return {
    queries: queries.length,
    dmMapAt5: queries.length > 0 ? ap / queries.length : Number.NaN,
    dm,
    group,
    groupMisses,
    ms: performance.now() - started,
  };
}
