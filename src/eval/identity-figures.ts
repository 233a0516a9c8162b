/**
 * The figures of the claim-identity eval, computed from each post's answers in both modes. Keys are stable
 * (documented in docs/eval.md, "Claim identity"). A rate over zero posts is null.
 */
import type { Mode } from "../core/lookup-types.ts";
import type { PostResult } from "./identity.ts";

/** A rate per mode. */
export interface PerMode {
  dm: number | null;
  group: number | null;
}

/** Near-miss figures of a group of posts. */
export interface NearMissFigures {
  posts: number;
  /** Share answered `match` at all (the post's claim is not in the index, so any match is false). */
  false_match_rate: PerMode;
  /** Share answered `match` with a first fact-check among the post's `mustNotMatch` (its template). */
  template_match_rate: PerMode;
  /** Share answered `related` in dm (allowed; shown for the wording of issue 11 item 2). */
  related_rate: { dm: number | null };
}

/** Figures of posts that have a right answer (paraphrase, noisy). */
export interface AnsweredFigures {
  posts: number;
  /** dm: `match` or `related` with a relevant id among the shown fact-checks; group: `match` with a relevant first. */
  answered: PerMode;
  /** Share answered `match` whose first fact-check is not relevant. */
  wrong_match: PerMode;
  /** Share with a relevant id among the first 5 reranked candidates (what any answer could show). */
  retrieval_recall_at_5: number | null;
}

/** One failure, for inspection (`--failures`). */
export interface IdentityFailure {
  set: string;
  id: string;
  kind: string;
  /** `false-match` (near-miss answered match), `wrong-match`, `unanswered` (dm gave no relevant fact-check). */
  reason: "false-match" | "wrong-match" | "unanswered";
  text: string;
  outcome: Record<Mode, string>;
  top_id: string | null;
  top_claim: string;
}

/** The report. */
export interface IdentityReport {
  posts: number;
  collection: number;
  indexed: number;
  excluded: number;
  near_miss: NearMissFigures & { by_kind: Record<string, NearMissFigures> };
  paraphrase: {
    posts: number;
    /** Same definitions as `AnsweredFigures.answered`. */
    recall: PerMode;
    wrong_match: PerMode;
    retrieval_recall_at_5: number | null;
    by_kind: Record<string, AnsweredFigures>;
  };
  noisy: AnsweredFigures & {
    clean: AnsweredFigures;
    by_kind: Record<string, AnsweredFigures>;
    /** Posts holding several claims (`claims`): dm `match`/`related`, group `match`, showing a relevant id of EACH. */
    several_claims: { posts: number; all_shown: PerMode };
  };
  failures?: IdentityFailure[];
  latency_ms: { p50: number; p95: number; mean: number };
  index_build_ms: number;
  total_ms: number;
}

/** Run facts the figures do not compute. */
export interface RunFacts {
  collection: number;
  indexed: number;
  excluded: number;
  failures: boolean;
  latency_ms: IdentityReport["latency_ms"];
  index_build_ms: number;
  total_ms: number;
}

/** Ranked candidates that count for `retrieval_recall_at_5`. */
export const IDENTITY_TOP_K = 5;
const MODES: readonly Mode[] = ["dm", "group"];
const TEXT_PREVIEW_CHARS = 100;

function rate(results: readonly PostResult[], test: (r: PostResult) => boolean): number | null {
  return results.length === 0 ? null : results.filter(test).length / results.length;
}

/** dm: match or related with a relevant shown; group: match with a relevant first. */
export function isAnswered(r: PostResult, mode: Mode): boolean {
  const a = r[mode];
  const relevant = new Set(r.line.relevant);
  if (mode === "group") return a.outcome === "match" && relevant.has(a.shown[0] ?? "");
  return (a.outcome === "match" || a.outcome === "related") && a.shown.some((id) => relevant.has(id));
}

function isWrongMatch(r: PostResult, mode: Mode): boolean {
  return r[mode].outcome === "match" && !r.line.relevant.includes(r[mode].shown[0] ?? "");
}

function nearMiss(results: readonly PostResult[]): NearMissFigures {
  const perMode = (test: (r: PostResult, m: Mode) => boolean): PerMode => ({ dm: rate(results, (r) => test(r, "dm")), group: rate(results, (r) => test(r, "group")) });
  return {
    posts: results.length,
    false_match_rate: perMode((r, m) => r[m].outcome === "match"),
    template_match_rate: perMode((r, m) => r[m].outcome === "match" && r.line.mustNotMatch.includes(r[m].shown[0] ?? "")),
    related_rate: { dm: rate(results, (r) => r.dm.outcome === "related") },
  };
}

function answered(results: readonly PostResult[]): AnsweredFigures {
  return {
    posts: results.length,
    answered: { dm: rate(results, (r) => isAnswered(r, "dm")), group: rate(results, (r) => isAnswered(r, "group")) },
    wrong_match: { dm: rate(results, (r) => isWrongMatch(r, "dm")), group: rate(results, (r) => isWrongMatch(r, "group")) },
    retrieval_recall_at_5: rate(results, (r) => r.topK.slice(0, IDENTITY_TOP_K).some((id) => r.line.relevant.includes(id))),
  };
}

/** Every claim of a several-claim post has a relevant id among the shown fact-checks (group: in a match). */
function allShown(r: PostResult, mode: Mode): boolean {
  const a = r[mode];
  const ok = mode === "group" ? a.outcome === "match" : a.outcome === "match" || a.outcome === "related";
  return ok && (r.line.claims ?? []).every((ids) => ids.some((id) => a.shown.includes(id)));
}

function groupBy(results: readonly PostResult[], keys: (r: PostResult) => string[]): Map<string, PostResult[]> {
  const out = new Map<string, PostResult[]>();
  for (const r of results) for (const k of keys(r)) out.set(k, [...(out.get(k) ?? []), r]);
  return new Map([...out.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}

function failuresOf(results: readonly PostResult[]): IdentityFailure[] {
  const out: IdentityFailure[] = [];
  for (const r of results) {
    const nm = r.line.set === "near-miss";
    const reason: IdentityFailure["reason"] | null = nm
      ? MODES.some((m) => r[m].outcome === "match") ? "false-match" : null
      : MODES.some((m) => isWrongMatch(r, m)) ? "wrong-match" : !isAnswered(r, "dm") ? "unanswered" : null;
    if (!reason) continue;
    const top = r.dm.outcome === "match" || r.group.outcome !== "match" ? r.dm : r.group;
    out.push({
      set: r.line.set,
      id: r.line.id,
      kind: r.line.kind,
      reason,
      text: r.line.text.replace(/\s+/g, " ").slice(0, TEXT_PREVIEW_CHARS),
      outcome: { dm: r.dm.outcome, group: r.group.outcome },
      top_id: top.topId,
      top_claim: top.topClaim.slice(0, TEXT_PREVIEW_CHARS),
    });
  }
  return out;
}

/** Computes every figure of the report from the posts' answers. */
export function buildIdentityReport(results: readonly PostResult[], facts: RunFacts): IdentityReport {
  const of = (set: string) => results.filter((r) => r.line.set === set);
  const nm = of("near-miss");
  const pp = of("paraphrase");
  const noisyAll = of("noisy");
  const clean = noisyAll.filter((r) => r.line.kind === "clean");
  const noisy = noisyAll.filter((r) => r.line.kind !== "clean");
  const ppFigures = answered(pp);
  const several = noisy.filter((r) => (r.line.claims?.length ?? 0) > 1);
  const mapOf = <T>(m: Map<string, PostResult[]>, f: (rs: PostResult[]) => T): Record<string, T> =>
    Object.fromEntries([...m.entries()].map(([k, rs]) => [k, f(rs)]));
  return {
    posts: results.length,
    collection: facts.collection,
    indexed: facts.indexed,
    excluded: facts.excluded,
    near_miss: { ...nearMiss(nm), by_kind: mapOf(groupBy(nm, (r) => [r.line.kind]), nearMiss) },
    paraphrase: {
      posts: pp.length,
      recall: ppFigures.answered,
      wrong_match: ppFigures.wrong_match,
      retrieval_recall_at_5: ppFigures.retrieval_recall_at_5,
      by_kind: mapOf(groupBy(pp, (r) => [r.line.kind]), answered),
    },
    noisy: {
      ...answered(noisy),
      clean: answered(clean),
      by_kind: mapOf(groupBy(noisy, (r) => (r.line.noise?.length ? r.line.noise : [r.line.kind])), answered),
      several_claims: { posts: several.length, all_shown: { dm: rate(several, (r) => allShown(r, "dm")), group: rate(several, (r) => allShown(r, "group")) } },
    },
    ...(facts.failures ? { failures: failuresOf(results) } : {}),
    latency_ms: facts.latency_ms,
    index_build_ms: facts.index_build_ms,
    total_ms: facts.total_ms,
  };
}
