import { decide, DECISION_THRESHOLDS, type ModeThresholds } from "./decide.ts";
import { identityChecker, type ClaimDifference, type IdentityChecker } from "./claim-identity.ts";
import { readsLikeClaim } from "./claim-like.ts";
import { SearchUnavailableError } from "./errors.ts";
import type { FactCheck } from "./factcheck.ts";
import {
  analyzeCandidate, analyzeText, computeFeatureValues, daysBetween, matchedTermsOf, withListFeatures, type CandidateAnalysis, type TextAnalysis,
} from "./features.ts";
import type { Logger } from "./logger.ts";
import { silentLogger } from "./logger.ts";
import type { Lookup, LookupFn, LookupJson, Mode, Post, QueryInfo, ScoredMatch } from "./lookup-types.ts";
import { preparePost, type PreparedPost } from "./prepare.ts";
import { planQueries, withTranslatedQueries } from "./query-plan.ts";
import { defaultReranker, rankScore, rerankScore, type RerankerModel } from "./rerank.ts";
import type { SearchIndex } from "./search-index.ts";
import { EN_STOPWORDS, tokenize } from "./text.ts";
import { translatePost } from "./translate-post.ts";
import type { Translator } from "./translator.ts";
import { postWindows } from "./window-features.ts";

/** At most this many merged candidates are reranked (bounded work per post). */
export const MAX_RERANK_CANDIDATES = 120;
/**
 * In a group only the best-ranked candidate can speak (a sure `match`, else silence), so a group lookup reranks the
 * first 40 candidates in retrieval order, a third of a DM's work. A DM keeps 120: there the reranker lifts fact-checks
 * that retrieval placed deep into the five it shows (CheckThat 2022-2a-en devtest MAP@5 0.909 with 120, 0.885 with
 * 40). Measured (issue 15): every group decision of the evals is the same with 40 as with 120 (2022-2a-en dev and
 * devtest with and without held-out gold, 2022-2b-en dev, the claim-identity sets); with 20, one more paraphrase got a
 * wrong group match.
 */
export const GROUP_RERANK_CANDIDATES = 40;
/**
 * The first candidate stands out when the ranker's score (a probability) of it exceeds the next candidate's by at
 * least this (decide.ts `standout`). Chosen on the identity dev set and CheckThat 2022-2a-en dev/devtest with and
 * without held-out gold: 0.3 / 0.4 added more wrong `related` answers on held-out queries for few more right ones.
 */
export const STANDOUT_RANK_GAP = 0.5;
/** How many reranked candidates a `none`/`related`/`match` lookup keeps in `candidates`. */
export const KEPT_CANDIDATES = 5;

/** A reranked candidate with its feature vector (eval and training read it). */
export interface TracedCandidate extends ScoredMatch {
  features: number[];
  /** What differs between the post and this candidate's claim (claim-identity.ts); empty = the same claim. */
  differences: ClaimDifference[];
  /** Places and numbers of the post the fact-check never mentions (claim-identity.ts); a group match needs none. */
  extraSpecifics: string[];
}

/**
 * A reranked candidate whose `differences` and `extraSpecifics` are computed at first read (getters on the
 * prototype: not own properties, so `...spread` copies and JSON leave them out): `decide` asks only for the first
 * candidates and a match's extras, so the other ~100 candidates of a lookup are never compared. A class rather than
 * `Object.defineProperty` on each candidate (issue 15: two accessors, four closures and a dictionary-mode object per
 * candidate were a tenth of a DM lookup's allocations).
 */
class LazyTraced {
  declare factCheck: FactCheck;
  declare score: number;
  declare backendScore: number;
  declare matchedTerms: string[];
  declare urlHit: boolean;
  declare features: number[];
  declare viaTranslation?: true;
  declare standsOut?: true;
  #identity: IdentityChecker;
  #differences: ClaimDifference[] | undefined;
  #extraSpecifics: string[] | undefined;

  constructor(
    factCheck: FactCheck,
    score: number,
    backendScore: number,
    matchedTerms: string[],
    urlHit: boolean,
    features: number[],
    viaTranslation: boolean,
    identity: IdentityChecker,
  ) {
    // Own properties in the order the object literal had them (spreads and JSON list them in this order).
    this.factCheck = factCheck;
    this.score = score;
    this.backendScore = backendScore;
    this.matchedTerms = matchedTerms;
    this.urlHit = urlHit;
    this.features = features;
    if (viaTranslation) this.viaTranslation = true;
    this.#identity = identity;
  }

  get differences(): ClaimDifference[] {
    return (this.#differences ??= this.#identity.differences(this.factCheck));
  }

  get extraSpecifics(): string[] {
    return (this.#extraSpecifics ??= this.#identity.extraSpecifics(this.factCheck));
  }
}

/**
 * What `decide` reads: a candidate whose claim differs from the post in a salient slot is never a match; in a group,
 * neither is one that the post outdoes with places or numbers the fact-check never mentions.
 */
export const notSameClaim = (candidate: ScoredMatch, mode: Mode): boolean => {
  const traced = candidate as Partial<TracedCandidate>;
  if ((candidate.differences ?? []).length > 0) return true;
  return mode === "group" && (traced.extraSpecifics ?? []).length > 0;
};

/** Everything one lookup saw: the result, the retrieval order and the full reranked list. */
export interface LookupTrace {
  lookup: Lookup;
  /** Candidate ids in retrieval order (before reranking): for Recall@k of the retrieval stage. */
  retrieved: string[];
  /** All reranked candidates, best first. */
  ranked: TracedCandidate[];
}

/** Dependencies of the pipeline. `model` and `thresholds` are for eval and training; runtime uses the defaults. */
export interface LookupDeps {
  index: SearchIndex;
  logger?: Logger;
  now?: () => Date;
  model?: RerankerModel;
  thresholds?: Partial<Record<Mode, ModeThresholds>>;
  /** Translates a non-English post into English for a second search and comparison; absent = no translation. */
  translator?: Translator;
}

interface Merged {
  /** The record's id, or the index's row reference when the records are read after the merge (`searchRefs`). */
  key: string | number;
  /** Absent until read, with `searchRefs`. */
  factCheck?: FactCheck;
  bestRank: number;
  bestScore: number;
  bestScoreNorm: number;
  hits: number;
  /** Hits of the queries of the post's English translation (counted apart: each reading has its own share). */
  trHits: number;
  urlHit: boolean;
  order: number;
}

/** A candidate whose record has been read. */
type Kept = Merged & { factCheck: FactCheck };

/** One hit of a query, before the merge. */
interface QueryHit {
  key: string | number;
  factCheck?: FactCheck;
  score: number;
  rank: number;
}

/**
 * The index's two-step search (`searchRefs`, then `loadRefs` of the candidates reranked), when it has one. Same
 * candidates in the same order as one-step `searchMany` (test/core/lookup-refs.test.ts).
 */
function twoStepOf(index: SearchIndex): Required<Pick<SearchIndex, "searchRefs" | "loadRefs">> | undefined {
  return index.searchRefs && index.loadRefs ? (index as Required<Pick<SearchIndex, "searchRefs" | "loadRefs">>) : undefined;
}

/** Builds the traced pipeline (prepare → retrieve → rerank → decide); `createLookup` is its plain form. */
export function createLookupTrace(deps: LookupDeps): (post: Post, mode: Mode) => Promise<LookupTrace> {
  return pipeline(deps, true);
}

/**
 * The pipeline. `isTrace`: every ranked candidate gets its `matchedTerms` and every retrieved candidate is read (its id
 * is in `retrieved`); otherwise only those the lookup returns (`candidates`, `matches`) get terms, the others keep an
 * empty list (it costs a stem per post word), and only the candidates reranked are read.
 */
function pipeline(deps: LookupDeps, isTrace: boolean): (post: Post, mode: Mode) => Promise<LookupTrace> {
  const logger = deps.logger ?? silentLogger;
  const now = deps.now ?? (() => new Date());
  const model = deps.model ?? defaultReranker();
  const twoStepIndex = twoStepOf(deps.index);
  return async (post, mode) => {
    const started = now().getTime();
    const took = () => Math.max(0, now().getTime() - started);
    const prepared = preparePost({
      text: typeof post?.text === "string" ? post.text : "",
      ...(post?.urls ? { urls: post.urls } : {}),
      ...(post?.lang ? { lang: post.lang } : {}),
    });
    const translation = await translatePost(deps.translator, prepared, logger);
    const ownPlan = planQueries(prepared);
    const plan = withTranslatedQueries(ownPlan, translation ? planQueries(translation.prepared) : undefined, translation?.placeNames);
    const ownQueries = ownPlan.queries.length;
    const query: QueryInfo = {
      language: prepared.language,
      cleanedLength: prepared.text.length,
      queries: plan.queries.map((q) => q.terms),
      urls: plan.urls,
      ...(translation ? { translation: { from: translation.from, engine: translation.engine } } : {}),
    };
    const rejected = (reason: "empty" | "search-unavailable"): LookupTrace => ({
      lookup: { outcome: "rejected", reason, mode, matches: [], candidates: [], query, tookMs: took() },
      retrieved: [],
      ranked: [],
    });
    if (plan.queries.length === 0 && plan.urls.length === 0) {
      logger.debug("lookup rejected", { reason: "empty", mode, textLength: post?.text?.length ?? 0 });
      return rejected("empty");
    }

    const merged = new Map<string | number, Merged>();
    let order = 0;
    // A post with a link takes one step: its URL hits come as records, keyed by id.
    const twoStep = plan.urls.length === 0 ? twoStepIndex : undefined;
    let retrievedOrder: Merged[];
    let kept: Kept[];
    const depth = mode === "group" ? GROUP_RERANK_CANDIDATES : MAX_RERANK_CANDIDATES;
    try {
      const [byUrl, results] = await Promise.all([
        Promise.all(plan.urls.map((url) => deps.index.findByUrl(url))),
        plan.queries.length === 0
          ? Promise.resolve([] as QueryHit[][])
          : twoStep
            ? twoStep.searchRefs(plan.queries).then((lists) => lists.map((list) => list.map((h): QueryHit => ({ key: h.ref, score: h.score, rank: h.rank }))))
            : deps.index
                .searchMany(plan.queries)
                .then((lists) => lists.map((list) => list.map((h): QueryHit => ({ key: h.factCheck.id, factCheck: h.factCheck, score: h.score, rank: h.rank })))),
      ]);
      for (const list of byUrl) {
        for (const fc of list) {
          const m = merged.get(fc.id);
          if (m) m.urlHit = true;
          else merged.set(fc.id, { key: fc.id, factCheck: fc, bestRank: 0, bestScore: 0, bestScoreNorm: 1, hits: 0, trHits: 0, urlHit: true, order: order++ });
        }
      }
      for (const [q, hits] of results.entries()) {
        const own = q < ownQueries;
        const maxScore = hits.reduce((a, h) => Math.max(a, h.score), 0);
        for (const hit of hits) {
          const norm = maxScore > 0 ? hit.score / maxScore : 0;
          const m = merged.get(hit.key);
          if (!m) {
            merged.set(hit.key, {
              key: hit.key, factCheck: hit.factCheck, bestRank: hit.rank, bestScore: hit.score, bestScoreNorm: norm, hits: own ? 1 : 0, trHits: own ? 0 : 1, urlHit: false, order: order++,
            });
          } else {
            if (own) m.hits++;
            else m.trHits++;
            m.bestRank = Math.min(m.bestRank, hit.rank);
            m.bestScore = Math.max(m.bestScore, hit.score);
            m.bestScoreNorm = Math.max(m.bestScoreNorm, norm);
          }
        }
      }
      retrievedOrder = [...merged.values()].sort(
        (a, b) => Number(b.urlHit) - Number(a.urlHit) || a.bestRank - b.bestRank || b.hits + b.trHits - a.hits - a.trHits || b.bestScoreNorm - a.bestScoreNorm || a.order - b.order,
      );
      const top = retrievedOrder.slice(0, depth);
      if (twoStep) {
        // Only the candidates reranked are read (a trace reads all: it lists every candidate's id); one deleted in
        // between is left out.
        const read = isTrace ? retrievedOrder : top;
        const records = await twoStep.loadRefs(read.map((m) => m.key as number));
        for (const m of read) m.factCheck = records.get(m.key as number);
      }
      kept = top.filter((m): m is Kept => m.factCheck !== undefined);
    } catch (error) {
      if (error instanceof SearchUnavailableError) {
        logger.warn("lookup search unavailable", { backend: error.backend, mode });
        return rejected("search-unavailable");
      }
      throw error;
    }

    const queriesTotal = Math.max(1, ownQueries);
    const postAnalysis = analyzeText(prepared.text);
    const windows = postWindows(prepared.sentences);
    const authorWords = tokenize(prepared.author ?? "").filter((w) => w.length > 1 && !EN_STOPWORDS.has(w));
    const forwarded = post.forwardOrigin?.date ? Date.parse(post.forwardOrigin.date) : NaN;
    const postDate = prepared.date
      ? new Date(`${prepared.date}T00:00:00Z`)
      : Number.isFinite(forwarded)
        ? new Date(forwarded)
        : new Date(started);
    const analysed = kept.map((m) => {
      const candidate = analyzeCandidate(m.factCheck);
      const values = computeFeatureValues(postAnalysis, candidate, {
        bestRank: m.bestRank,
        bestScoreNorm: m.bestScoreNorm,
        queryHits: m.hits / queriesTotal,
        urlHit: m.urlHit,
        daysApart: daysBetween(postDate, m.factCheck.reviewDate),
        authorWords,
        windows,
      });
      return { m, candidate, values };
    });
    let vectors = withListFeatures(analysed.map((a) => a.values));
    // With a translation, each candidate is compared with the post and with its English translation; the closer
    // reading (by the ranker) stands for the candidate.
    const tr = translation ? translatedReading(translation.prepared, analysed, postDate, authorWords, Math.max(1, plan.queries.length - ownQueries)) : undefined;
    const viaTranslation = new Set<number>();
    if (tr) {
      vectors = vectors.map((v, i) => {
        if (rankScore(tr.vectors[i]!, model) <= rankScore(v, model)) return v;
        viaTranslation.add(i);
        return tr.vectors[i]!;
      });
    }
    const rankOf = new Map<string, number>();
    const analysisOf = new Map<TracedCandidate, (typeof analysed)[number]["candidate"]>();
    const identityOfPost = identityChecker(prepared.claimText ?? prepared.text);
    const identityOfTranslation = tr ? identityChecker(translation!.prepared.claimText ?? translation!.prepared.text) : identityOfPost;
    const readingOf = new Map<TracedCandidate, TextAnalysis>();
    const ranked: TracedCandidate[] = analysed.map(({ m, candidate }, i) => {
      const via = viaTranslation.has(i);
      const identity = via ? identityOfTranslation : identityOfPost;
      const reading = via ? tr!.analysis : postAnalysis;
      const traced: TracedCandidate = new LazyTraced(
        m.factCheck,
        rerankScore(vectors[i]!, model),
        m.bestScore,
        isTrace ? matchedTermsOf(reading, candidate) : [],
        m.urlHit,
        vectors[i]!,
        via,
        identity,
      );
      if (via) readingOf.set(traced, reading);
      if (!isTrace) analysisOf.set(traced, candidate);
      return traced;
    });
    // Order by the ranker; `score` (what decide reads and the reply shows) comes from the confidence model.
    analysed.forEach(({ m }, i) => rankOf.set(m.factCheck.id, rankScore(vectors[i]!, model)));
    ranked.sort((a, b) => rankOf.get(b.factCheck.id)! - rankOf.get(a.factCheck.id)! || b.score - a.score);

    const thresholds = deps.thresholds?.[mode] ?? DECISION_THRESHOLDS[mode];
    // Only a mode that answers a stand-out candidate asks whether one stands out (a group never does); the post's
    // words, links and noise already set aside (`prepared.text`), must read like a claim.
    const [first, second] = ranked;
    if (
      first &&
      Number.isFinite(thresholds.standout ?? Number.POSITIVE_INFINITY) &&
      rankOf.get(first.factCheck.id)! - (second ? rankOf.get(second.factCheck.id)! : 0) >= STANDOUT_RANK_GAP &&
      readsLikeClaim(prepared.text)
    ) {
      first.standsOut = true;
    }
    const decision = decide(ranked, mode, thresholds, notSameClaim);
    // What differs is named on the fact-checks a reply shows (`matches`); the debug `candidates` of a `none` skip it.
    const strip = (traced: TracedCandidate, shown: boolean): ScoredMatch => {
      const { features: _f, ...rest } = traced;
      const candidate = analysisOf.get(traced);
      const differences = shown ? traced.differences : [];
      return {
        ...rest,
        ...(candidate ? { matchedTerms: matchedTermsOf(readingOf.get(traced) ?? postAnalysis, candidate) } : {}),
        ...(differences.length > 0 ? { differences } : {}),
      };
    };
    const candidates = ranked.slice(0, KEPT_CANDIDATES).map((c) => strip(c, false));
    const base = { mode, query, tookMs: took(), candidates };
    const lookup: Lookup =
      decision.outcome === "none"
        ? { ...base, outcome: "none", matches: [] }
        : { ...base, outcome: decision.outcome, matches: decision.matches.map((m) => strip(m as TracedCandidate, true)) };
    logger.debug("lookup done", {
      outcome: lookup.outcome, mode, queries: plan.queries.length, candidates: ranked.length, tookMs: lookup.tookMs,
      textLength: post.text.length,
    });
    // With the two-step search only the candidates read have an id (a trace reads them all).
    return { lookup, retrieved: retrievedOrder.flatMap((m) => (m.factCheck ? [m.factCheck.id] : [])), ranked };
  };
}

/** The feature vectors of a post's candidates read against the post's English translation. */
function translatedReading(
  translated: PreparedPost,
  analysed: ReadonlyArray<{ m: Kept; candidate: CandidateAnalysis }>,
  postDate: Date,
  authorWords: readonly string[],
  queriesTotal: number,
): { analysis: TextAnalysis; vectors: number[][] } {
  const analysis = analyzeText(translated.text);
  const windows = postWindows(translated.sentences);
  const values = analysed.map(({ m, candidate }) =>
    computeFeatureValues(analysis, candidate, {
      bestRank: m.bestRank,
      bestScoreNorm: m.bestScoreNorm,
      queryHits: m.trHits / queriesTotal,
      urlHit: m.urlHit,
      daysApart: daysBetween(postDate, m.factCheck.reviewDate),
      authorWords,
      windows,
    }),
  );
  return { analysis, vectors: withListFeatures(values) };
}

/**
 * Builds the lookup pipeline (prepare → retrieve → rerank → decide) on a search index. Never throws on user input;
 * a backend that is down gives `rejected`/`search-unavailable`, a post with nothing checkable `rejected`/`empty`.
 */
export function createLookup(deps: LookupDeps): LookupFn {
  const trace = pipeline(deps, false);
  return async (post, mode) => (await trace(post, mode)).lookup;
}

/** The stable `check --json` / `POST /v1/lookup` shape. */
export function toLookupJson(lookup: Lookup): LookupJson {
  const json: LookupJson = {
    outcome: lookup.outcome,
    matches: lookup.matches.map((m) => ({
      id: m.factCheck.id,
      claim: m.factCheck.claim,
      rating: m.factCheck.rating,
      verdict: m.factCheck.verdict,
      publisher: m.factCheck.publisher.name,
      url: m.factCheck.url,
      date: m.factCheck.reviewDate,
      language: m.factCheck.language,
      score: Math.round(m.score * 1000) / 1000,
      ...(m.differences && m.differences.length > 0 ? { differences: m.differences.map((d) => ({ ...d })) } : {}),
      ...(m.viaTranslation ? { translated: true as const } : {}),
    })),
  };
  if (lookup.outcome === "rejected") json.reason = lookup.reason;
  return json;
}
