/**
 * The claim-identity eval (issue 11): near-miss posts must never `match`, paraphrases and noisy real posts should be
 * answered with their fact-check. Runs the real lookup pipeline in both modes on a fresh temporary SQLite index of a
 * collection minus the sets' `exclude` ids. Deliberately imports nothing of the matcher's comparison code: the sets
 * and their scoring are an independent measuring stick.
 */
import type { ModeThresholds } from "../core/decide.ts";
import type { FactCheck } from "../core/factcheck.ts";
import type { Lookup, Mode, Outcome } from "../core/lookup-types.ts";
import type { RerankerModel } from "../core/rerank.ts";
import type { SearchIndex } from "../core/search-index.ts";
import { withEvalIndex } from "./eval-index.ts";
import { quantile } from "./metrics.ts";
import type { IdentityLine } from "./identity-sets.ts";
import { buildIdentityReport, IDENTITY_TOP_K, type IdentityReport } from "./identity-figures.ts";

/** Inputs of one identity run. */
export interface IdentityInput {
  collection: readonly FactCheck[];
  lines: readonly IdentityLine[];
  /** Index to use instead of a fresh temporary SQLite one (tests). It must be empty. */
  index?: SearchIndex;
  model?: RerankerModel;
  thresholds?: Partial<Record<Mode, ModeThresholds>>;
  /** Put the failure list in the report. */
  failures?: boolean;
  onProgress?: (phase: "index" | "lookup", done: number, total: number) => void;
  /** Called with each post's answers (tests, ad-hoc inspection). */
  onPost?: (result: PostResult) => void;
}

/** What one mode answered for one post. */
export interface ModeAnswer {
  outcome: Outcome;
  /** Ids of the fact-checks the answer shows (`matches`), first = the verdict given for a match. */
  shown: string[];
  /** Claim of the first shown fact-check, or of the top candidate when nothing is shown. */
  topClaim: string;
  topId: string | null;
}

/** One post's answers in both modes, plus the ranked top-k (mode-independent). */
export interface PostResult {
  line: IdentityLine;
  dm: ModeAnswer;
  group: ModeAnswer;
  topK: string[];
}

function answerOf(lookup: Lookup): ModeAnswer {
  const shown = lookup.matches.map((m) => m.factCheck.id);
  const top = lookup.matches[0] ?? lookup.candidates[0];
  return { outcome: lookup.outcome, shown, topClaim: top?.factCheck.claim ?? "", topId: top?.factCheck.id ?? null };
}

/** Builds the index without the excluded ids, runs both modes on every post and computes the report. */
export async function runIdentityEval(input: IdentityInput): Promise<IdentityReport> {
  const started = Date.now();
  const excluded = new Set(input.lines.flatMap((l) => l.exclude));
  const records = input.collection.filter((r) => !excluded.has(r.id));
  return withEvalIndex(records, input, async ({ trace, indexed, indexBuildMs }) => {
    const results: PostResult[] = [];
    const latencies: number[] = [];
    for (const [i, line] of input.lines.entries()) {
      // Both modes run the whole pipeline: the decision may depend on more than the ranked list.
      const t0 = performance.now();
      const dm = await trace({ text: line.text }, "dm");
      latencies.push(performance.now() - t0);
      const group = await trace({ text: line.text }, "group");
      const result: PostResult = {
        line,
        dm: answerOf(dm.lookup),
        group: answerOf(group.lookup),
        topK: dm.ranked.slice(0, IDENTITY_TOP_K).map((c) => c.factCheck.id),
      };
      results.push(result);
      input.onPost?.(result);
      input.onProgress?.("lookup", i + 1, input.lines.length);
    }
    return buildIdentityReport(results, {
      collection: input.collection.length,
      indexed,
      excluded: excluded.size,
      failures: input.failures ?? false,
      latency_ms: {
        p50: quantile(latencies, 0.5),
        p95: quantile(latencies, 0.95),
        mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
      },
      index_build_ms: indexBuildMs,
      total_ms: Date.now() - started,
    });
  });
}
