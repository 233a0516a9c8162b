import { seededRandom } from "../core/random.ts";
import { decide, DECISION_THRESHOLDS, type ModeThresholds } from "../core/decide.ts";
import type { FactCheck } from "../core/factcheck.ts";
import { notSameClaim, type TracedCandidate } from "../core/lookup.ts";
import type { Mode } from "../core/lookup-types.ts";
import type { RerankerModel } from "../core/rerank.ts";
import type { SearchIndex } from "../core/search-index.ts";
import type { Translator } from "../core/translator.ts";
import type { EvalQuery } from "./checkthat.ts";
import { withEvalIndex } from "./eval-index.ts";
import { meanAveragePrecisionAtK, meanRecallAtK, quantile, type RankedQuery } from "./metrics.ts";

/** Thresholds of the sweep: 0.05 … 0.95. */
export const SWEEP_THRESHOLDS: readonly number[] = Array.from({ length: 19 }, (_, i) => Math.round((i + 1) * 5) / 100);
/** Inputs of one evaluation run. */
export interface EvalInput {
  collection: readonly FactCheck[];
  queries: readonly EvalQuery[];
  qrels: ReadonlyMap<string, ReadonlySet<string>>;
  /** Mode whose decisions fill the top-level decision keys. */
  mode: Mode;
  /** Share (0..1) of queries whose gold fact-checks are removed from the index; 0 = none. */
  holdout: number;
  seed: number;
  /** Cut-off of `map_at_k` (default 5). */
  k?: number;
  /** Index to use instead of a fresh temporary SQLite one (tests). It must be empty. */
  index?: SearchIndex;
  model?: RerankerModel;
  thresholds?: Partial<Record<Mode, ModeThresholds>>;
  /** Translate non-English posts into English (cross-language sets); absent = no translation. */
  translator?: Translator;
  onProgress?: (phase: "index" | "lookup", done: number, total: number) => void;
}

/** Decision figures of one mode. */
export interface ModeFigures {
  share_match: number;
  share_related: number;
  share_none: number;
  share_rejected: number;
  /** Matches whose first fact-check is relevant / all matches (matches on held-out queries count as wrong). */
  match_precision: number | null;
  /** `match` answers on held-out queries / held-out queries (null without --holdout). */
  false_match_rate: number | null;
  /** Queries whose gold is in the index answered `match` with a relevant first fact-check / those queries. */
  match_recall: number;
  /** `related` answers whose first fact-check is relevant / all `related` answers (null when none). */
  related_precision: number | null;
  matches: number;
  matches_right: number;
  related: number;
  related_right: number;
}

/** One row of the threshold sweep (for the match threshold of one mode; other thresholds as named). */
export interface SweepRow {
  threshold: number;
  precision: number | null;
  recall: number;
  false_match_rate: number | null;
  share_match: number;
}

/** The report; keys are stable (documented in docs/eval.md). */
export interface EvalReport extends Omit<ModeFigures, "matches" | "matches_right" | "related" | "related_right"> {
  queries: number;
  collection: number;
  indexed: number;
  holdout: number;
  seed: number;
  heldout_queries: number;
  map_at_1: number;
  map_at_3: number;
  map_at_5: number;
  map_at_k: number;
  k: number;
  /** Recall of the retrieval stage alone (before reranking). */
  recall_at_1: number;
  recall_at_5: number;
  recall_at_20: number;
  /** Recall after reranking (what a reply can show). */
  rerank_recall_at_5: number;
  /** The mode of the top-level decision figures (inherited from `ModeFigures`). */
  mode: Mode;
  modes: Record<Mode, ModeFigures>;
  sweep: Record<Mode, SweepRow[]>;
  latency_ms: { p50: number; p95: number; p99: number; mean: number };
  /** Queries searched and compared through an English translation too (0 without a translator). */
  translated_queries: number;
  /** Queries whose `dm` answer is a match found through the translation. */
  matched_via_translation: number;
  index_build_ms: number;
  total_ms: number;
}


/** The ids of a seeded random `share` of the query ids (Fisher–Yates on a sorted copy). */
export function pickHoldout(queryIds: readonly string[], share: number, seed: number): Set<string> {
  const ids = [...queryIds].sort();
  const random = seededRandom(seed);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return new Set(ids.slice(0, Math.round(ids.length * Math.min(1, Math.max(0, share)))));
}

interface QueryOutcome {
  ranked: TracedCandidate[];
  retrieved: string[];
  relevant: ReadonlySet<string>;
  goldPresent: boolean;
  heldOut: boolean;
  rejected: boolean;
  translated: boolean;
}

function modeFigures(outcomes: readonly QueryOutcome[], mode: Mode, thresholds: ModeThresholds): ModeFigures {
  let match = 0, related = 0, relatedRight = 0, none = 0, rejected = 0, right = 0, falseOnAbsent = 0, absent = 0, present = 0, recalled = 0;
  for (const q of outcomes) {
    if (!q.goldPresent) absent++;
    else present++;
    if (q.rejected) {
      rejected++;
      continue;
    }
    const d = decide(q.ranked, mode, thresholds, notSameClaim);
    if (d.outcome === "match") {
      match++;
      const ok = q.goldPresent && q.relevant.has(d.matches[0]!.factCheck.id);
      if (ok) {
        right++;
        recalled++;
      }
      if (!q.goldPresent) falseOnAbsent++;
    } else if (d.outcome === "related") {
      related++;
      if (q.goldPresent && q.relevant.has(d.matches[0]!.factCheck.id)) relatedRight++;
    } else none++;
  }
  const n = Math.max(1, outcomes.length);
  const anyHeldOut = outcomes.some((q) => q.heldOut);
  return {
    share_match: match / n,
    share_related: related / n,
    share_none: none / n,
    share_rejected: rejected / n,
    match_precision: match > 0 ? right / match : null,
    false_match_rate: anyHeldOut && absent > 0 ? falseOnAbsent / absent : null,
    match_recall: present > 0 ? recalled / present : 0,
    related_precision: related > 0 ? relatedRight / related : null,
    matches: match,
    matches_right: right,
    related,
    related_right: relatedRight,
  };
}

/** Builds the index, runs the lookup pipeline on every query and computes every figure. */
export async function runEval(input: EvalInput): Promise<EvalReport> {
  const started = Date.now();
  const judged = input.queries.filter((q) => input.qrels.has(q.id));
  const heldOut = input.holdout > 0 ? pickHoldout(judged.map((q) => q.id), input.holdout, input.seed) : new Set<string>();
  const removed = new Set<string>();
  for (const id of heldOut) for (const cid of input.qrels.get(id) ?? []) removed.add(cid);
  const records = input.collection.filter((r) => !removed.has(r.id));

  return withEvalIndex(records, input, async ({ trace, indexed, indexBuildMs }) => {
    // Each mode runs its own pipeline (a group reranks fewer candidates than a DM: GROUP_RERANK_CANDIDATES), so each
    // mode's decisions come from its own lookups; the ranking figures from the DM's, the ranked list a person sees.
    const outcomesOf: Record<Mode, QueryOutcome[]> = { dm: [], group: [] };
    const latencies: number[] = [];
    const modesRun: Mode[] = input.mode === "dm" ? ["dm", "group"] : ["group", "dm"];
    for (const [m, mode] of modesRun.entries()) {
      for (const [i, q] of judged.entries()) {
        const relevant = input.qrels.get(q.id)!;
        const t0 = performance.now();
        const result = await trace({ text: q.text }, mode);
        if (mode === input.mode) latencies.push(performance.now() - t0);
        outcomesOf[mode].push({
          ranked: result.ranked,
          retrieved: result.retrieved,
          relevant,
          goldPresent: [...relevant].some((id) => !removed.has(id)),
          heldOut: heldOut.has(q.id),
          rejected: result.lookup.outcome === "rejected",
          translated: result.lookup.query.translation !== undefined,
        });
        input.onProgress?.("lookup", m * judged.length + i + 1, judged.length * modesRun.length);
      }
    }
    const outcomes = outcomesOf.dm;

    const thresholdsOf = (mode: Mode): ModeThresholds => input.thresholds?.[mode] ?? DECISION_THRESHOLDS[mode];
    // Ranking figures are computed on the queries whose gold is still in the index (all of them without holdout).
    const scored = outcomes.filter((o) => o.goldPresent);
    const rankedQueries: RankedQuery[] = scored.map((o) => ({ ranked: o.ranked.map((c) => c.factCheck.id), relevant: o.relevant }));
    const retrievedQueries: RankedQuery[] = scored.map((o) => ({ ranked: o.retrieved, relevant: o.relevant }));
    const modes = { dm: modeFigures(outcomesOf.dm, "dm", thresholdsOf("dm")), group: modeFigures(outcomesOf.group, "group", thresholdsOf("group")) };
    const sweep = {} as Record<Mode, SweepRow[]>;
    for (const mode of ["dm", "group"] as const) {
      sweep[mode] = SWEEP_THRESHOLDS.map((t) => {
        const f = modeFigures(outcomesOf[mode], mode, { ...thresholdsOf(mode), match: t });
        return { threshold: t, precision: f.match_precision, recall: f.match_recall, false_match_rate: f.false_match_rate, share_match: f.share_match };
      });
    }
    const k = input.k ?? 5;
    const chosen = modes[input.mode];
    return {
      queries: judged.length,
      collection: input.collection.length,
      indexed,
      holdout: input.holdout,
      seed: input.seed,
      heldout_queries: heldOut.size,
      map_at_1: meanAveragePrecisionAtK(rankedQueries, 1),
      map_at_3: meanAveragePrecisionAtK(rankedQueries, 3),
      map_at_5: meanAveragePrecisionAtK(rankedQueries, 5),
      map_at_k: meanAveragePrecisionAtK(rankedQueries, k),
      k,
      recall_at_1: meanRecallAtK(retrievedQueries, 1),
      recall_at_5: meanRecallAtK(retrievedQueries, 5),
      recall_at_20: meanRecallAtK(retrievedQueries, 20),
      rerank_recall_at_5: meanRecallAtK(rankedQueries, 5),
      mode: input.mode,
      share_match: chosen.share_match,
      share_related: chosen.share_related,
      share_none: chosen.share_none,
      share_rejected: chosen.share_rejected,
      match_precision: chosen.match_precision,
      false_match_rate: chosen.false_match_rate,
      match_recall: chosen.match_recall,
      related_precision: chosen.related_precision,
      modes,
      sweep,
      latency_ms: {
        p50: quantile(latencies, 0.5),
        p95: quantile(latencies, 0.95),
        p99: quantile(latencies, 0.99),
        mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
      },
      translated_queries: outcomes.filter((o) => o.translated).length,
      matched_via_translation: outcomes.filter((o) => {
        const d = decide(o.ranked, "dm", thresholdsOf("dm"), notSameClaim);
        return d.outcome === "match" && d.matches[0]?.viaTranslation === true;
      }).length,
      index_build_ms: indexBuildMs,
      total_ms: Date.now() - started,
    };
  });
}
