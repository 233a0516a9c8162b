import { cjkBigramWeight, defaultIdf, type IdfTable } from "./model/idf.ts";
import type { PreparedPost } from "./prepare.ts";
import { MAX_QUERY_TERMS, type SearchQuery } from "./search-index.ts";
import { cjkBigrams, EN_STOPWORDS, isCjk, tokenize } from "./text.ts";

/** At most this many retrieval queries per post (the whole text first, then its sentences). */
export const MAX_QUERIES_PER_POST = 4;
/** Candidates asked from the backend per query. */
export const CANDIDATES_PER_QUERY = 60;
/** Extra weight of a term holding a digit (years, amounts, counts carry claims). */
export const NUMBER_TERM_BONUS = 1.5;
/** Extra weight of a capitalised word seen mid-sentence (a name). */
export const NAME_TERM_BONUS = 1.0;
/** Each script of a mixed post gets its own query when it holds at least this many salient terms. */
const MIN_SCRIPT_TERMS = 3;
/** A CJK character carries about as much as this many Latin characters (a word of 2 vs 6). */
const CJK_CHAR_WEIGHT = 3;
/** A sentence query is sent only when it has at least this many terms not already in the first query. */
const MIN_NEW_TERMS_FOR_SENTENCE_QUERY = 3;

/** A salient term of the post with its weight (higher = more telling). */
export interface WeightedTerm {
  term: string;
  weight: number;
  /** Position of its first occurrence, for stable ties. */
  position: number;
}

/** The retrieval plan of one post. Every query holds at most `MAX_QUERY_TERMS` terms. */
export interface QueryPlan {
  queries: SearchQuery[];
  /** All salient terms of the post, best first. */
  terms: WeightedTerm[];
  urls: string[];
}

/** Lower-cased words written with a capital letter somewhere other than the start of a sentence. */
export function nameWords(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/(^|[.!?]\s+|\s|["“(])(\p{Lu}[\p{L}\p{N}'’]*)/gu)) {
    const startOfSentence = m.index === 0 || /[.!?]\s+$/.test(m[1] ?? "");
    const word = (m[2] ?? "").replace(/['’]/g, "").toLowerCase();
    if (!startOfSentence && word.length > 1 && !EN_STOPWORDS.has(word)) names.add(word);
  }
  return names;
}

/**
 * Words that carry no claim in posts and speech, beyond `EN_STOPWORDS`: contractions (apostrophes are dropped by
 * `tokenize`) and conversational fillers.
 */
export const QUERY_STOPWORDS: ReadonlySet<string> = new Set(
  (
    "dont doesnt didnt isnt arent wasnt werent shouldnt wouldnt couldnt cant wont hasnt havent hadnt im ive id ill " +
    "youre youve youll theyre theyve weve were hes shes thats theres heres whats whos lets yeah yes okay ok lol " +
    "know think like really going gonna wanna want get got thing things lot well say said tell told look see just now " +
    "even still way much many go make made let us"
  ).split(" "),
);

/** English possessive `'s` off a word before analysis ("Manafort's" → "Manafort"), so it meets the name. */
export function dropPossessives(text: string): string {
  return text.replace(/(\p{L})['’]s\b/gu, "$1");
}

function isSalient(token: string): boolean {
  if (EN_STOPWORDS.has(token) || QUERY_STOPWORDS.has(token)) return false;
  if (token.length < 2 && !/\d/.test(token)) return false;
  return true;
}

/** Salient terms of a text, weighted by IDF, with bonuses for numbers and names. CJK runs become bigrams. */
export function salientTerms(text: string, idf: IdfTable = defaultIdf()): WeightedTerm[] {
  const names = nameWords(text);
  const byTerm = new Map<string, WeightedTerm>();
  let position = 0;
  for (const token of tokenize(dropPossessives(text))) {
    const pieces = isCjk(token) ? cjkBigrams(token) : [token];
    for (const term of pieces) {
      position++;
      if (byTerm.has(term) || !isSalient(term)) continue;
      let weight = isCjk(term) ? cjkBigramWeight(idf) : idf.idf(term);
      if (/\d/.test(term)) weight += NUMBER_TERM_BONUS;
      if (names.has(term)) weight += NAME_TERM_BONUS;
      byTerm.set(term, { term, weight, position });
    }
  }
  return [...byTerm.values()].sort((a, b) => b.weight - a.weight || a.position - b.position);
}

function topTerms(terms: readonly WeightedTerm[]): string[] {
  return terms.slice(0, MAX_QUERY_TERMS).map((t) => t.term);
}

/**
 * Plans the retrieval of a post: one query of the whole text's best terms, then one per claim sentence that brings
 * enough new terms, at most `MAX_QUERIES_PER_POST` queries of at most `MAX_QUERY_TERMS` terms each; plus the URLs.
 */
export function planQueries(post: PreparedPost, idf: IdfTable = defaultIdf()): QueryPlan {
  const terms = salientTerms(post.text, idf);
  const language = post.language === "und" ? undefined : post.language;
  const make = (list: string[]): SearchQuery => ({
    terms: list,
    limit: CANDIDATES_PER_QUERY,
    ...(language ? { language } : {}),
  });
  const queries: SearchQuery[] = [];
  if (terms.length === 0) return { queries, terms, urls: post.urls };
  // A post in two scripts (an English claim with a Korean aside, or the reverse) is searched in each: CJK bigrams
  // weigh as much as rare words and would otherwise crowd the other script's words out of the first query.
  const cjk = terms.filter((t) => isCjk(t.term));
  const other = terms.filter((t) => !isCjk(t.term));
  const mixed = cjk.length >= MIN_SCRIPT_TERMS && other.length >= MIN_SCRIPT_TERMS;
  const cjkChars = mixed ? Array.from(post.text).filter((ch) => isCjk(ch)).length : 0;
  const [main, second] = cjkChars * CJK_CHAR_WEIGHT >= post.text.length - cjkChars ? [cjk, other] : [other, cjk];
  const first = topTerms(mixed ? main : terms);
  queries.push(make(first));
  const covered = new Set(first);
  if (mixed) {
    const next = topTerms(second);
    queries.push(make(next));
    for (const t of next) covered.add(t);
  }
  if (terms.length > MAX_QUERY_TERMS && post.sentences.length > 1) {
    const perSentence = post.sentences
      .map((s) => topTerms(salientTerms(s, idf)))
      .map((list) => ({ list, fresh: list.filter((t) => !covered.has(t)).length }))
      .filter((q) => q.fresh >= MIN_NEW_TERMS_FOR_SENTENCE_QUERY)
      .sort((a, b) => b.fresh - a.fresh);
    for (const q of perSentence) {
      if (queries.length >= MAX_QUERIES_PER_POST) break;
      queries.push(make(q.list));
      for (const t of q.list) covered.add(t);
    }
  }
  if (queries.length < MAX_QUERIES_PER_POST) {
    const rest = terms.filter((t) => !covered.has(t.term));
    if (rest.length >= MIN_NEW_TERMS_FOR_SENTENCE_QUERY) queries.push(make(topTerms(rest)));
  }
  return { queries, terms, urls: post.urls };
}

/** At most this many queries of a post's English translation are added to its plan. */
export const MAX_TRANSLATED_QUERIES = 2;

/**
 * The plan of a post searched in its language and in an English translation: the post's own queries first, then
 * the best queries of the translation (tagged `en`), so a fact-check written in English comes back as a candidate.
 * `placeNames` (the English names of the countries and regions the post names, from the gazetteer) lead the first
 * translated query when the engine lost or garbled them. Without a translation the plan is returned as it is.
 */
export function withTranslatedQueries(plan: QueryPlan, translated: QueryPlan | undefined, placeNames: readonly string[] = []): QueryPlan {
  if (!translated || translated.queries.length === 0) return plan;
  const seen = new Set(plan.queries.map((q) => q.terms.join(" ")));
  const extra = translated.queries
    .filter((q) => !seen.has(q.terms.join(" ")))
    .slice(0, MAX_TRANSLATED_QUERIES)
    .map((q) => ({ ...q, language: "en" }));
  const placeTerms = [...new Set(placeNames.flatMap((name) => tokenize(name)).filter(isSalient))];
  const first = extra[0];
  if (first) {
    const missing = placeTerms.filter((t) => !first.terms.includes(t));
    if (missing.length > 0) extra[0] = { ...first, terms: [...missing, ...first.terms].slice(0, MAX_QUERY_TERMS) };
  }
  return { ...plan, queries: [...plan.queries, ...extra] };
}
