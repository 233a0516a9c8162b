import { toIsoDate } from "./dates.ts";
import { ratingFromScale, DEFAULT_BEST_RATING, DEFAULT_WORST_RATING } from "./rating-scale.ts";
import { finishRecord, type Draft } from "./record.ts";
import type { Candidate, IngestProblem, ParseContext, ParseResult } from "./types.ts";
import { asArray, asObject, first, httpUrl, num, text, unique } from "./util.ts";

/** Hard stop for walking a JSON-LD tree (hostile or broken documents). */
const MAX_WALK_DEPTH = 40;

type JsonObject = Record<string, unknown>;

/** True when the node's `@type` (string or array, with or without a `schema:` or URL prefix) includes `name`. */
export function hasType(node: JsonObject, name: string): boolean {
  const type = node["@type"] ?? node.type;
  const wanted = name.toLowerCase();
  // One string (most nodes): compared without wrapping it in an array (issue 15: four calls a feed record).
  if (typeof type === "string") return typeName(type) === wanted;
  return Array.isArray(type) && type.some((t) => typeof t === "string" && typeName(t) === wanted);
}

/** A type's name without a `schema:` or URL prefix, lower-cased. */
function typeName(type: string): string {
  return (/[/:#]/.test(type) ? type.replace(/^.*[/:#]/, "") : type).toLowerCase();
}

/** Every ClaimReview node in a JSON-LD document (objects, arrays, `@graph`, DataFeed items, nested), with its path. */
export function findClaimReviews(root: unknown): Array<{ node: JsonObject; path: string }> {
  const found: Array<{ node: JsonObject; path: string }> = [];
  const walk = (value: unknown, path: string, depth: number): void => {
    if (depth > MAX_WALK_DEPTH) return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, `${path}[${i}]`, depth + 1));
      return;
    }
    const node = asObject(value);
    if (!node) return;
    if (hasType(node, "ClaimReview")) {
      found.push({ node, path: path || "$" });
      return;
    }
    // `for…in` over a parsed JSON object: its own keys, in `Object.entries` order, without an array per key.
    for (const key in node) {
      const child = node[key];
      if (typeof child === "object" && child !== null) walk(child, path ? `${path}.${key}` : key, depth + 1);
    }
  };
  walk(root, "", 0);
  return found;
}

/** Nodes with an `@id`, so that `{"@id": …}` references inside a `@graph` can be resolved. */
function idMap(root: unknown): Map<string, JsonObject> {
  const map = new Map<string, JsonObject>();
  const walk = (value: unknown, depth: number): void => {
    if (depth > MAX_WALK_DEPTH) return;
    if (Array.isArray(value)) {
      for (const item of value) walk(item, depth + 1);
      return;
    }
    const node = asObject(value);
    if (!node) return;
    const id = text(node["@id"]);
    if (id && Object.keys(node).length > 1 && !map.has(id)) map.set(id, node);
    for (const child of Object.values(node)) if (typeof child === "object" && child !== null) walk(child, depth + 1);
  };
  walk(root, 0);
  return map;
}

/**
 * Resolves `{"@id": …}` references against the nodes of `root`. The nodes are mapped at the first reference only: a
 * DataFeed element or a page's ClaimReview rarely has one (issue 15: a walk of every record's tree saved).
 */
function resolver(root: unknown) {
  let ids: Map<string, JsonObject> | undefined;
  return (value: unknown): unknown => {
    const node = asObject(value);
    if (node?.["@id"] === undefined) return value;
    const ref = Object.keys(node).length === 1 ? text(node["@id"]) : undefined;
    if (!ref) return value;
    ids ??= idMap(root);
    return ids.get(ref) ?? value;
  };
}

/** Name of a Person/Organization (object, string, or the first of an array). */
function nameOf(value: unknown, resolve: (v: unknown) => unknown): string | undefined {
  for (const item of asArray(value)) {
    const r = resolve(item);
    const s = text(r) ?? text(asObject(r)?.name) ?? text(asObject(r)?.alternateName);
    if (s) return s;
  }
  return undefined;
}

function languageOf(value: unknown): string | undefined {
  const value0 = first(value);
  const obj = asObject(value0);
  return text(obj ? (obj.alternateName ?? obj.name) : value0);
}

/** URLs of appearances: strings or CreativeWork objects with `url` (or an http `@id`). */
function urlsOf(value: unknown, resolve: (v: unknown) => unknown): string[] {
  return asArray(value).flatMap((item) => {
    const r = resolve(item);
    const obj = asObject(r);
    const url = obj ? (httpUrl(obj.url) ?? httpUrl(obj["@id"])) : httpUrl(r);
    return url ? [url] : [];
  });
}

/** Maps one ClaimReview node to a draft. Pure. */
export function claimReviewDraft(
  node: JsonObject,
  source: string,
  resolve: (v: unknown) => unknown = (v) => v,
  pageUrl?: string,
): Draft {
  const reviewRating = asObject(resolve(first(node.reviewRating)));
  let rating = text(reviewRating?.alternateName) ?? text(reviewRating?.name);
  let fallbackVerdict: Draft["fallbackVerdict"];
  const value = num(reviewRating?.ratingValue);
  if (value !== undefined) {
    const scaled = ratingFromScale(
      value,
      num(reviewRating?.bestRating) ?? DEFAULT_BEST_RATING,
      num(reviewRating?.worstRating) ?? DEFAULT_WORST_RATING,
    );
    if (scaled) {
      fallbackVerdict = scaled.verdict;
      rating ??= scaled.word;
    }
  }
  rating ??= text(reviewRating?.ratingExplanation);

  const item = asObject(resolve(first(node.itemReviewed)));
  const authorNode = asObject(resolve(first(node.author)));
  const publisherNode = asObject(resolve(first(node.publisher)));
  const appearances = item
    ? [
        ...urlsOf(item.appearance, resolve),
        ...urlsOf(item.firstAppearance, resolve),
        ...(hasType(item, "Claim") ? [] : urlsOf(item.url, resolve)),
      ]
    : [];

  const draft: Draft = {
    source,
    appearances: unique(appearances),
    // `urlsOf` gave `httpUrl` results, which `httpUrl` leaves as they are.
    appearancesChecked: true,
  };
  const set = <K extends keyof Draft>(key: K, v: Draft[K] | undefined) => {
    if (v !== undefined) draft[key] = v;
  };
  set("claim", text(node.claimReviewed) ?? text(item?.name) ?? text(item?.text));
  set("rating", rating);
  set("fallbackVerdict", fallbackVerdict);
  // The publisher is the organisation: `author` normally, but some sites put the writer (a Person) in `author`
  // and the organisation in `publisher`.
  const authorIsPerson = authorNode !== undefined && hasType(authorNode, "Person");
  const org = authorIsPerson && publisherNode ? publisherNode : (authorNode ?? publisherNode);
  set(
    "publisher",
    authorIsPerson && publisherNode
      ? nameOf(node.publisher, resolve)
      : (nameOf(node.author, resolve) ?? nameOf(node.publisher, resolve)),
  );
  const orgUrl = httpUrl(org?.url) ?? httpUrl(publisherNode?.url);
  set("site", orgUrl ? new URL(orgUrl).hostname.toLowerCase().replace(/^www\./, "") : undefined);
  set(
    "url",
    httpUrl(node.url) ??
      httpUrl(asObject(node.mainEntityOfPage)?.["@id"]) ??
      httpUrl(node.mainEntityOfPage) ??
      httpUrl(typeof node["@id"] === "string" ? node["@id"].replace(/#.*$/, "") : undefined) ??
      pageUrl,
  );
  set("reviewDate", toIsoDate(node.datePublished) ?? toIsoDate(node.dateModified) ?? toIsoDate(node.dateCreated));
  set("language", languageOf(node.inLanguage) ?? languageOf(item?.inLanguage));
  set("title", text(node.headline) ?? text(node.name));
  set("summary", text(node.description) ?? text(reviewRating?.ratingExplanation));
  set("claimant", item ? nameOf(item.author, resolve) : undefined);
  set("claimDate", item ? (toIsoDate(item.datePublished) ?? toIsoDate(item.dateCreated)) : undefined);
  return draft;
}

/**
 * Parses a JSON-LD document (already `JSON.parse`d): every ClaimReview in it becomes one candidate. `prefix` is put
 * before each node's path in locations (e.g. `page.html script#2`).
 */
export function parseClaimReviewJson(root: unknown, ctx: ParseContext, prefix = ctx.name): ParseResult {
  const resolve = resolver(root);
  const records: Candidate[] = [];
  const problems: IngestProblem[] = [];
  const reviews = findClaimReviews(root);
  for (const { node, path } of reviews) {
    const draft = claimReviewDraft(node, `claimreview:${ctx.name}`, resolve, ctx.pageUrl);
    records.push({ record: finishRecord(draft, ctx.defaults), location: `${prefix}#${path}` });
  }
  return { records, problems };
}

/** Parses JSON-LD text; a syntax error is one problem, not an exception. */
export function parseClaimReviewText(content: string, ctx: ParseContext): ParseResult {
  let root: unknown;
  try {
    root = JSON.parse(content);
  } catch (error) {
    return {
      records: [],
      problems: [
        { location: ctx.name, message: `invalid JSON: ${(error as Error).message}`, severity: "error" },
      ],
    };
  }
  const result = parseClaimReviewJson(root, ctx);
  if (result.records.length === 0) {
    result.problems.push({ location: ctx.name, message: "no ClaimReview found", severity: "warning" });
  }
  return result;
}
