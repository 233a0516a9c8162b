import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * A loopback fake of the Meilisearch HTTP API, for wiring and error mapping only: the routes claimbot uses
 * (indexes, settings, documents, tasks, search, multi-search incl. federation, keys, version, health), API-key
 * rights like the real server (search-only keys may only search), tasks that go enqueued → processing →
 * succeeded/failed on a timer, and fault switches (400, 503, 500, 429, an HTML 502, connection reset, hang).
 * Matching is naive term overlap: NEVER assert relevance on it.
 */

export type FaultMode = "none" | "400" | "503" | "500" | "429" | "html" | "reset" | "hang";

export interface FakeKeys {
  master: string;
  admin: string;
  search: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  /** Which key was sent (never the key itself). */
  auth: "none" | "master" | "admin" | "search" | "invalid";
}

type Doc = Record<string, unknown>;
interface FakeIndex {
  uid: string;
  primaryKey: string | null;
  createdAt: string;
  updatedAt: string;
  docs: Map<string, Doc>;
  settings: Record<string, unknown>;
}
interface FakeTask {
  uid: number;
  indexUid: string | null;
  status: "enqueued" | "processing" | "succeeded" | "failed";
  type: string;
  enqueuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: { message: string; code: string; type: string; link: string } | null;
  details: Record<string, unknown>;
  apply: () => void;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const ID_PATTERN = /^[A-Za-z0-9_-]{1,511}$/;
const MAX_QUERY_WORDS = 10;

export function defaultSettings(): Record<string, unknown> {
  return {
    displayedAttributes: ["*"],
    searchableAttributes: ["*"],
    filterableAttributes: [],
    sortableAttributes: [],
    rankingRules: ["words", "typo", "proximity", "attribute", "sort", "exactness"],
    stopWords: [],
    nonSeparatorTokens: [],
    separatorTokens: [],
    dictionary: [],
    synonyms: {},
    distinctAttribute: null,
    proximityPrecision: "byWord",
    typoTolerance: {
      enabled: true,
      minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
      disableOnWords: [],
      disableOnAttributes: [],
      disableOnNumbers: false,
    },
    faceting: { maxValuesPerFacet: 100, sortFacetValuesBy: { "*": "alpha" } },
    pagination: { maxTotalHits: 1000 },
    embedders: {},
    searchCutoffMs: null,
    localizedAttributes: null,
    facetSearch: true,
    prefixSearch: "indexingTime",
  };
}

export class MeilisearchFake {
  readonly requests: RecordedRequest[] = [];
  readonly indexes = new Map<string, FakeIndex>();
  readonly tasks: FakeTask[] = [];
  version = "1.49.0";
  /** Leave tasks in `processing` (to test task timeouts). */
  holdTasks = false;
  /** Document-addition requests still to pass before `documentTaskFailure` hits one (0 = the next one). */
  private documentTasksToSkip = 0;
  private documentTaskFailure: { code: string; message: string } | null = null;
  private fault: { mode: FaultMode; remaining: number } = { mode: "none", remaining: 0 };
  private readonly sockets = new Set<Socket>();
  private readonly timer: NodeJS.Timeout;
  private url_ = "";

  private constructor(
    private readonly server: Server,
    readonly keys: FakeKeys | null,
  ) {
    this.timer = setInterval(() => this.tick(), 2);
    this.timer.unref();
  }

  /** Starts on 127.0.0.1, port 0. With `keys`, requests need a key like on a server with a master key. */
  static async start(options: { keys?: FakeKeys } = {}): Promise<MeilisearchFake> {
    const server = createServer();
    const fake = new MeilisearchFake(server, options.keys ?? null);
    server.on("connection", (socket) => {
      fake.sockets.add(socket);
      socket.on("close", () => fake.sockets.delete(socket));
    });
    server.on("request", (req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    fake.url_ = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return fake;
  }

  get url(): string {
    return this.url_;
  }

  /** Every following request (or the next `count`) fails with `mode`. */
  setFault(mode: FaultMode, count = Number.POSITIVE_INFINITY): void {
    this.fault = { mode, remaining: count };
  }

  /** The `nth` (1-based) next document-addition task ends `failed` with this error. */
  failDocumentTask(nth: number, error: { code: string; message: string }): void {
    this.documentTasksToSkip = nth - 1;
    this.documentTaskFailure = error;
  }

  heal(): void {
    this.fault = { mode: "none", remaining: 0 };
  }

  requestsTo(pathPrefix: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.startsWith(pathPrefix));
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private tick(): void {
    const task = this.tasks.find((t) => t.status === "enqueued" || t.status === "processing");
    if (!task) return;
    if (task.status === "enqueued") {
      task.status = "processing";
      task.startedAt = new Date().toISOString();
      return;
    }
    if (this.holdTasks) return;
    try {
      task.apply();
      task.status = "succeeded";
    } catch (error) {
      const e = error instanceof ApiError ? error : new ApiError(500, "internal", String(error));
      task.status = "failed";
      task.error = { message: e.message, code: e.code, type: "invalid_request", link: `https://docs.meilisearch.com/errors#${e.code}` };
    }
    task.finishedAt = new Date().toISOString();
  }

  private enqueue(indexUid: string | null, type: string, details: Record<string, unknown>, apply: () => void) {
    const task: FakeTask = {
      uid: this.tasks.length,
      indexUid,
      status: "enqueued",
      type,
      enqueuedAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
      error: null,
      details,
      apply,
    };
    this.tasks.push(task);
    return { status: 202, body: { taskUid: task.uid, indexUid, status: "enqueued", type, enqueuedAt: task.enqueuedAt } };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    let body: unknown = undefined;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return send(res, 400, apiError("malformed_payload", "malformed JSON"));
    }
    const url = new URL(req.url ?? "/", "http://fake");
    const method = req.method ?? "GET";
    const auth = this.authKind(req.headers.authorization);
    this.requests.push({ method, path: url.pathname + url.search, body, auth });

    if (this.fault.mode !== "none" && this.fault.remaining > 0) {
      this.fault.remaining--;
      const mode = this.fault.mode;
      if (this.fault.remaining <= 0) this.fault = { mode: "none", remaining: 0 };
      if (mode === "hang") return; // never answered; the socket is destroyed on close()
      if (mode === "reset") return void req.socket.destroy();
      if (mode === "html") {
        res.writeHead(502, { "content-type": "text/html" });
        return void res.end("<html><body>502 Bad Gateway</body></html>");
      }
      if (mode === "429") return send(res, 429, apiError("too_many_search_requests", "rate limited"), { "retry-after": "0" });
      if (mode === "400") return send(res, 400, apiError("bad_request", "the fake rejects this request on purpose"));
      return send(res, Number(mode), apiError("internal", "the fake is failing on purpose"));
    }
    try {
      this.authorize(auth, method, url.pathname, req.headers.authorization !== undefined);
      const result = this.route(method, url, body);
      send(res, result.status, result.body);
    } catch (error) {
      const e = error instanceof ApiError ? error : new ApiError(500, "internal", String(error));
      send(res, e.status, apiError(e.code, e.message));
    }
  }

  private authKind(header: string | undefined): RecordedRequest["auth"] {
    if (!header) return "none";
    const key = header.replace(/^Bearer\s+/i, "");
    if (!this.keys) return "invalid";
    if (key === this.keys.master) return "master";
    if (key === this.keys.admin) return "admin";
    if (key === this.keys.search) return "search";
    return "invalid";
  }

  private authorize(auth: RecordedRequest["auth"], method: string, path: string, sent: boolean): void {
    if (!this.keys || path === "/health") return;
    if (!sent) throw new ApiError(401, "missing_authorization_header", "The Authorization header is missing.");
    if (auth === "master") return;
    const isSearch = path === "/multi-search" || /^\/indexes\/[^/]+\/search$/.test(path);
    if (auth === "admin" && !path.startsWith("/keys")) return;
    if (auth === "search" && isSearch) return;
    void method;
    throw new ApiError(403, "invalid_api_key", "The provided API key is invalid.");
  }

  private route(method: string, url: URL, body: unknown): { status: number; body: unknown } {
    const path = url.pathname;
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    if (method === "GET" && path === "/health") return { status: 200, body: { status: "available" } };
    if (method === "GET" && path === "/version")
      return { status: 200, body: { commitSha: "fake", commitDate: "2026-07-06T00:00:00Z", pkgVersion: this.version } };
    if (method === "GET" && parts[0] === "keys") return this.keysRoute(parts[1]);
    if (parts[0] === "tasks" && method === "GET") {
      if (parts[1] === undefined) return { status: 200, body: { results: this.tasks.map(publicTask).reverse(), total: this.tasks.length, limit: 20, from: null, next: null } };
      const task = this.tasks[Number(parts[1])];
      if (!task) throw new ApiError(404, "task_not_found", `Task \`${parts[1]}\` not found.`);
      return { status: 200, body: publicTask(task) };
    }
    if (method === "POST" && path === "/multi-search") return { status: 200, body: this.multiSearch(body as MultiBody) };
    if (parts[0] !== "indexes") throw new ApiError(404, "not_found", `no route ${method} ${path}`);
    if (parts.length === 1 && method === "GET") {
      const results = [...this.indexes.values()].map(publicIndex);
      return { status: 200, body: { results, offset: 0, limit: 20, total: results.length } };
    }
    if (parts.length === 1 && method === "POST") {
      const { uid, primaryKey } = body as { uid: string; primaryKey?: string };
      return this.enqueue(uid, "indexCreation", { primaryKey: primaryKey ?? null }, () => {
        if (this.indexes.has(uid)) throw new ApiError(409, "index_already_exists", `Index \`${uid}\` already exists.`);
        this.createIndex(uid, primaryKey ?? null);
      });
    }
    const uid = parts[1]!;
    const sub = parts.slice(2);
    if (sub.length === 0 && method === "GET") return { status: 200, body: publicIndex(this.mustIndex(uid)) };
    if (sub.length === 0 && method === "DELETE")
      return this.enqueue(uid, "indexDeletion", {}, () => {
        if (!this.indexes.delete(uid)) throw new ApiError(404, "index_not_found", `Index \`${uid}\` not found.`);
      });
    if (sub[0] === "search" && method === "POST") return { status: 200, body: this.search(uid, body as SearchBody) };
    if (sub[0] === "stats" && method === "GET") {
      const index = this.mustIndex(uid);
      return { status: 200, body: { numberOfDocuments: index.docs.size, isIndexing: false, fieldDistribution: {} } };
    }
    if (sub[0] === "settings") return this.settingsRoute(uid, method, body);
    if (sub[0] === "documents") return this.documentsRoute(uid, method, sub.slice(1), url, body);
    throw new ApiError(404, "not_found", `no route ${method} ${path}`);
  }

  private keysRoute(key: string | undefined): { status: number; body: unknown } {
    if (!this.keys) throw new ApiError(401, "missing_master_key", "Meilisearch is running without a master key.");
    const all = [
      { uid: "admin", name: "Default Admin API Key", key: this.keys.admin, actions: ["*"], indexes: ["*"] },
      { uid: "search", name: "Default Search API Key", key: this.keys.search, actions: ["search"], indexes: ["*"] },
    ];
    if (key === undefined) return { status: 200, body: { results: all, offset: 0, limit: 20, total: all.length } };
    const found = all.find((k) => k.key === key || k.uid === key);
    if (!found) throw new ApiError(404, "api_key_not_found", "API key not found.");
    return { status: 200, body: found };
  }

  private createIndex(uid: string, primaryKey: string | null): FakeIndex {
    const now = new Date().toISOString();
    const index: FakeIndex = { uid, primaryKey, createdAt: now, updatedAt: now, docs: new Map(), settings: defaultSettings() };
    this.indexes.set(uid, index);
    return index;
  }

  private mustIndex(uid: string): FakeIndex {
    const index = this.indexes.get(uid);
    if (!index) throw new ApiError(404, "index_not_found", `Index \`${uid}\` not found.`);
    return index;
  }

  private settingsRoute(uid: string, method: string, body: unknown): { status: number; body: unknown } {
    if (method === "GET") return { status: 200, body: maskKeys(this.mustIndex(uid).settings) };
    if (method !== "PATCH") throw new ApiError(405, "not_allowed", "method not allowed");
    const patch = body as Record<string, unknown>;
    return this.enqueue(uid, "settingsUpdate", patch, () => {
      const index = this.indexes.get(uid) ?? this.createIndex(uid, null);
      for (const rule of (patch.localizedAttributes as Array<{ locales: string[] }> | null | undefined) ?? []) {
        for (const locale of rule.locales)
          if (!/^[a-z]{2,3}$/.test(locale)) throw new ApiError(400, "invalid_settings_localized_attributes", `Unsupported locale \`${locale}\``);
      }
      for (const [key, value] of Object.entries(patch)) {
        const current = index.settings[key];
        const isObject = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
        index.settings[key] = isObject(value) && isObject(current) ? { ...(current as Doc), ...(value as Doc) } : value;
      }
    });
  }

  private documentsRoute(uid: string, method: string, rest: string[], url: URL, body: unknown): { status: number; body: unknown } {
    if (method === "POST" && rest.length === 0) {
      const docs = body as Doc[];
      const primaryKeyParam = url.searchParams.get("primaryKey");
      let failure: { code: string; message: string } | null = null;
      if (this.documentTaskFailure && this.documentTasksToSkip-- <= 0) {
        failure = this.documentTaskFailure;
        this.documentTaskFailure = null;
      }
      return this.enqueue(uid, "documentAdditionOrUpdate", { receivedDocuments: docs.length }, () => {
        if (failure) throw new ApiError(400, failure.code, failure.message);
        const index = this.indexes.get(uid) ?? this.createIndex(uid, primaryKeyParam);
        if (!index.primaryKey) index.primaryKey = primaryKeyParam ?? "id";
        for (const doc of docs) {
          const id = doc[index.primaryKey];
          if (typeof id !== "string" || !ID_PATTERN.test(id))
            throw new ApiError(400, "invalid_document_id", `Document identifier \`${JSON.stringify(id)}\` is invalid.`);
        }
        for (const doc of docs) index.docs.set(doc[index.primaryKey] as string, structuredClone(doc));
      });
    }
    if (method === "POST" && rest[0] === "delete-batch") {
      const ids = (body as unknown[]).map(String);
      return this.enqueue(uid, "documentDeletion", { providedIds: ids.length }, () => {
        const index = this.mustIndex(uid);
        for (const id of ids) index.docs.delete(id);
      });
    }
    if (method === "DELETE" && rest.length === 0)
      return this.enqueue(uid, "documentDeletion", {}, () => this.mustIndex(uid).docs.clear());
    const index = this.mustIndex(uid);
    if (method === "GET" && rest.length === 1) {
      const doc = index.docs.get(rest[0]!);
      if (!doc) throw new ApiError(404, "document_not_found", `Document \`${rest[0]}\` not found.`);
      return { status: 200, body: doc };
    }
    if ((method === "GET" && rest.length === 0) || (method === "POST" && rest[0] === "fetch")) {
      const params = (method === "POST" ? body : Object.fromEntries(url.searchParams)) as Record<string, unknown>;
      const limit = Number(params.limit ?? 20);
      const offset = Number(params.offset ?? 0);
      const ids = typeof params.ids === "string" ? params.ids.split(",") : (params.ids as string[] | undefined);
      let docs = ids ? ids.map((id) => index.docs.get(String(id))).filter((d): d is Doc => d !== undefined) : [...index.docs.values()];
      if (typeof params.filter === "string") docs = docs.filter(compileFilter(params.filter, index));
      return { status: 200, body: { results: docs.slice(offset, offset + limit), offset, limit, total: docs.length } };
    }
    throw new ApiError(404, "not_found", "no such documents route");
  }

  private search(uid: string, params: SearchBody): SearchResult {
    return runSearch(this.mustIndex(uid), params);
  }

  private multiSearch(body: MultiBody): unknown {
    if (body.federation) {
      body.queries.forEach((query, i) => {
        for (const key of ["limit", "offset", "page", "hitsPerPage", "facets"] as const)
          if (query[key as keyof typeof query] !== undefined)
            throw new ApiError(400, "invalid_multi_search_query_pagination", `Inside \`.queries[${i}]\`: \`${key}\` is not allowed in federated queries.`);
      });
    }
    const outcomes = body.queries.map((query, i) => {
      try {
        // Federated queries are not paginated one by one: the federation's limit applies to the merged list.
        const params = body.federation ? { ...query, limit: Number.MAX_SAFE_INTEGER } : query;
        return { query, result: this.search(query.indexUid, params) };
      } catch (error) {
        if (error instanceof ApiError) throw new ApiError(error.status, error.code, `Inside \`.queries[${i}]\`: ${error.message}`);
        throw error;
      }
    });
    if (!body.federation) return { results: outcomes.map(({ query, result }) => ({ indexUid: query.indexUid, ...result })) };
    const merged = new Map<string, Doc>();
    outcomes.forEach(({ query, result }, position) => {
      const pk = this.indexes.get(query.indexUid)?.primaryKey ?? "id";
      for (const hit of result.hits) {
        const key = `${query.indexUid}\u0000${String(hit[pk])}`;
        const score = (hit._rankingScore as number | undefined) ?? 1;
        const existing = merged.get(key);
        if (!existing || ((existing._federation as { weightedRankingScore: number }).weightedRankingScore < score))
          merged.set(key, { ...hit, _federation: { indexUid: query.indexUid, queriesPosition: position, weightedRankingScore: score } });
      }
    });
    const limit = body.federation.limit ?? 20;
    const offset = body.federation.offset ?? 0;
    const hits = [...merged.values()].sort(
      (a, b) => (b._federation as { weightedRankingScore: number }).weightedRankingScore - (a._federation as { weightedRankingScore: number }).weightedRankingScore,
    );
    return { hits: hits.slice(offset, offset + limit), processingTimeMs: 0, limit, offset, estimatedTotalHits: hits.length };
  }
}

interface SearchBody {
  q?: string | null;
  page?: number;
  hitsPerPage?: number;
  limit?: number;
  offset?: number;
  filter?: string | string[];
  sort?: string[];
  facets?: string[];
  attributesToRetrieve?: string[];
  showRankingScore?: boolean;
  matchingStrategy?: string;
  locales?: string[];
  hybrid?: { embedder: string; semanticRatio?: number };
}
interface MultiBody {
  federation?: { limit?: number; offset?: number };
  queries: Array<SearchBody & { indexUid: string }>;
}
interface SearchResult {
  hits: Doc[];
  query: string;
  processingTimeMs: number;
  limit: number;
  offset: number;
  estimatedTotalHits: number;
  facetDistribution?: Record<string, Record<string, number>>;
}

function runSearch(index: FakeIndex, params: SearchBody): SearchResult {
  const settings = index.settings;
  const filterable = settings.filterableAttributes as string[];
  if (params.matchingStrategy && !["all", "last", "frequency"].includes(params.matchingStrategy))
    throw new ApiError(400, "invalid_search_matching_strategy", "Unknown value for `matchingStrategy`.");
  for (const locale of params.locales ?? [])
    if (!/^[a-z]{3}$/.test(locale)) throw new ApiError(400, "invalid_search_locales", `Unsupported locale \`${locale}\``);
  if (params.hybrid && !(params.hybrid.embedder in (settings.embedders as Doc)))
    throw new ApiError(400, "invalid_search_embedder", `Cannot find embedder with name \`${params.hybrid.embedder}\`.`);
  for (const facet of params.facets ?? [])
    if (!filterable.includes(facet)) throw new ApiError(400, "invalid_search_facets", `Attribute \`${facet}\` is not filterable.`);
  let candidates = [...index.docs.values()];
  const filters = params.filter === undefined ? [] : Array.isArray(params.filter) ? params.filter : [params.filter];
  for (const filter of filters) candidates = candidates.filter(compileFilter(filter, index));

  const stop = new Set(settings.stopWords as string[]);
  const words = (params.q ?? "")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w && !stop.has(w))
    .slice(0, MAX_QUERY_WORDS);
  let scored: Array<{ doc: Doc; score: number }>;
  if (words.length === 0) {
    scored = candidates.map((doc) => ({ doc, score: 1 }));
  } else {
    const searchable = settings.searchableAttributes as string[];
    scored = [];
    for (const doc of candidates) {
      const fields = searchable.includes("*") ? Object.keys(doc) : searchable;
      const text = fields.map((f) => flatText(doc[f])).join(" ").toLowerCase();
      const tokens = new Set(text.split(/[^\p{L}\p{N}]+/u));
      const matched = words.filter((w) => tokens.has(w) || (/[^\x00-\x7f]/.test(w) && text.includes(w))).length;
      if (matched === 0 || (params.matchingStrategy === "all" && matched < words.length)) continue;
      scored.push({ doc, score: matched / words.length });
    }
    scored.sort((a, b) => b.score - a.score);
  }
  for (const sort of params.sort ?? []) {
    const [attr, dir] = sort.split(":");
    if (!(settings.sortableAttributes as string[]).includes(attr!))
      throw new ApiError(400, "invalid_search_sort", `Attribute \`${attr}\` is not sortable.`);
    const sign = dir === "desc" ? -1 : 1;
    scored.sort((a, b) => sign * String(a.doc[attr!] ?? "").localeCompare(String(b.doc[attr!] ?? "")));
  }
  const limit = params.limit ?? 20;
  const offset = params.offset ?? 0;
  const hits = scored.slice(offset, offset + limit).map(({ doc, score }) => {
    const out: Doc = params.attributesToRetrieve && !params.attributesToRetrieve.includes("*")
      ? Object.fromEntries(params.attributesToRetrieve.map((a) => [a, doc[a]]))
      : structuredClone(doc);
    if (params.showRankingScore) out._rankingScore = score;
    return out;
  });
  const result: SearchResult = { hits, query: params.q ?? "", processingTimeMs: 0, limit, offset, estimatedTotalHits: scored.length };
  if (params.facets) {
    result.facetDistribution = {};
    for (const facet of params.facets) {
      const counts: Record<string, number> = {};
      for (const { doc } of scored) for (const v of valuesAt(doc, facet)) counts[v] = (counts[v] ?? 0) + 1;
      result.facetDistribution[facet] = counts;
    }
  }
  return result;
}

/** Supports what claimbot sends: `attr = "v"` and `attr IN ["a", "b"]`, joined by AND. */
function compileFilter(filter: string, index: FakeIndex): (doc: Doc) => boolean {
  const filterable = index.settings.filterableAttributes as string[];
  const clauses = filter.split(/\s+AND\s+/).map((clause) => {
    const inMatch = /^\s*([\w.]+)\s+IN\s+\[(.*)\]\s*$/.exec(clause);
    const eqMatch = /^\s*([\w.]+)\s*=\s*"?([^"]*)"?\s*$/.exec(clause);
    const match = inMatch ?? eqMatch;
    if (!match) throw new ApiError(400, "invalid_search_filter", `Was expecting an operation in \`${clause}\``);
    const attr = match[1]!;
    if (!filterable.includes(attr)) throw new ApiError(400, "invalid_search_filter", `Attribute \`${attr}\` is not filterable.`);
    const wanted = inMatch ? [...match[2]!.matchAll(/"([^"]*)"/g)].map((m) => m[1]!) : [match[2]!];
    return (doc: Doc) => valuesAt(doc, attr).some((v) => wanted.includes(v));
  });
  return (doc) => clauses.every((c) => c(doc));
}

function valuesAt(doc: Doc, path: string): string[] {
  let value: unknown = doc;
  for (const part of path.split(".")) value = value && typeof value === "object" ? (value as Doc)[part] : undefined;
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

function flatText(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(flatText).join(" ");
  return "";
}

function maskKeys(settings: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(settings);
  for (const embedder of Object.values((copy.embedders as Record<string, Doc>) ?? {}))
    if (typeof embedder.apiKey === "string") embedder.apiKey = `${embedder.apiKey.slice(0, 3)}...`;
  return copy;
}

function publicIndex(index: FakeIndex) {
  return { uid: index.uid, primaryKey: index.primaryKey, createdAt: index.createdAt, updatedAt: index.updatedAt };
}

function publicTask(task: FakeTask) {
  const { apply: _apply, ...rest } = task;
  return { ...rest, batchUid: null, canceledBy: null, duration: null };
}

function apiError(code: string, message: string) {
  return { message, code, type: "invalid_request", link: `https://docs.meilisearch.com/errors#${code}` };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(text);
}
