import { Meilisearch, type EnqueuedTask, type Index, type MultiSearchQuery, type Task } from "meilisearch";
import type { Config } from "../config.ts";
import { ConfigError, SearchUnavailableError } from "../core/errors.ts";
import type { FactCheck } from "../core/factcheck.ts";
import type { Logger } from "../core/logger.ts";
import type { IndexStats, SearchHit, SearchIndex, SearchQuery } from "../core/search-index.ts";
import {
  classifyMeiliError,
  fromDocument,
  midFilter,
  toDocument,
  toMeiliId,
  toHits,
  toMeiliQuery,
  urlKey,
  urlKeyFilter,
  type MeiliDocument,
} from "./meilisearch-documents.ts";
import {
  PRIMARY_KEY,
  hybridFromConfig,
  settingsDrift,
  settingsPayload,
  toMeiliLocale,
  type HybridConfig,
} from "./meilisearch-settings.ts";
import { waitForTask } from "./meilisearch-tasks.ts";
import { BackendRequestError, Resilience, type ResilienceOptions } from "./resilience.ts";

export { MeilisearchTaskError } from "./meilisearch-tasks.ts";

/** Documents per `addDocuments` call (one task each). */
export const UPSERT_BATCH_SIZE = 1000;
/** How long an upsert waits for one indexing task, in milliseconds. */
export const TASK_TIMEOUT_MS = 120_000;
/** Polling interval while waiting for a task, in milliseconds. */
export const TASK_POLL_INTERVAL_MS = 50;
/** Ids per filter in `get` (each chunk is one query of a federated multi-search). */
export const GET_CHUNK_IDS = 100;
export const FIND_BY_URL_LIMIT = 100;
/** Meilisearch's default `pagination.maxTotalHits`: no search returns more hits than this. */
export const MAX_HITS_PER_REQUEST = 1000;
const MAX_SEARCH_LIMIT = 200;

export interface MeilisearchIndexOptions {
  url: string;
  /** Search-only key for the bot, admin key for ingest; unset for a server without a master key. */
  apiKey?: string;
  indexUid: string;
  /** Deadline of one search (all retries included) and of one write request, in milliseconds. */
  timeoutMs: number;
  /** Opened by ingest/doctor with the admin key: creates the index and applies settings. */
  admin: boolean;
  hybrid?: HybridConfig;
  batchSize?: number;
  taskTimeoutMs?: number;
  taskPollMs?: number;
  resilience?: Partial<ResilienceOptions>;
}

/** The SearchIndex port on Meilisearch through the official client; see docs in the README section. */
export class MeilisearchIndex implements SearchIndex {
  readonly backend = "meilisearch";
  /** The options without the key (the key lives only inside the private client, so it never gets printed). */
  readonly options: Omit<MeilisearchIndexOptions, "apiKey">;
  readonly #client: Meilisearch;
  readonly #index: Index<MeiliDocument>;
  private readonly resilience: Resilience;
  private readonly logger: Logger;
  private readonly localized = new Set<string>();
  private ready = false;

  constructor(options: MeilisearchIndexOptions, logger: Logger) {
    const { apiKey, ...rest } = options;
    this.options = rest;
    this.logger = logger.child({ component: "meilisearch" });
    this.#client = new Meilisearch({
      host: options.url,
      ...(apiKey ? { apiKey } : {}),
      timeout: options.timeoutMs,
      clientAgents: ["claimbot"],
    });
    this.#index = this.#client.index<MeiliDocument>(options.indexUid);
    this.resilience = new Resilience(
      { backend: this.backend, timeoutMs: options.timeoutMs, ...options.resilience },
      classifyMeiliError,
      this.logger,
    );
  }

  /** State of the circuit breaker (for health endpoints and tests). */
  get circuit() {
    return this.resilience.breaker.state;
  }

  /** Creates the index when missing and brings its settings up to date. Needs write rights; idempotent. */
  async ensureReady(): Promise<void> {
    if (this.ready) return;
    await this.write("create index", async () => {
      try {
        await this.resilience.run("get index", () => this.#client.getRawIndex(this.options.indexUid));
      } catch (error) {
        if (!(error instanceof BackendRequestError && error.info.code === "index_not_found")) throw error;
        const task = await this.resilience.run("create index", () =>
          this.#client.createIndex(this.options.indexUid, { primaryKey: PRIMARY_KEY }),
        );
        await this.waitTask(task, "create index", ["index_already_exists"]);
      }
    });
    // An index without our settings cannot facet on `language` yet: settle the settings first, then localise.
    const languages = await this.presentLanguages().catch((error: unknown) => {
      if (error instanceof BackendRequestError && error.info.kind === "client") return null;
      throw error;
    });
    await this.applySettings(languages ?? []);
    if (languages === null) {
      const present = await this.presentLanguages();
      if (present.length > 0) await this.applySettings(present);
    }
    this.ready = true;
  }

  /** Sends the expected settings when the server's differ (a settings change re-indexes, so only then). */
  async applySettings(languages: readonly string[]): Promise<void> {
    const expected = settingsPayload({ languages, hybrid: this.options.hybrid });
    await this.write("update settings", async () => {
      const actual = await this.resilience.run("get settings", () => this.#index.getSettings());
      const drift = settingsDrift(expected, actual);
      if (drift.length === 0) return;
      this.logger.info("meilisearch settings updated", { settings: drift.map((d) => d.setting) });
      const task = await this.resilience.run("update settings", () => this.#index.updateSettings(expected));
      await this.waitTask(task, "update settings");
    });
    for (const language of languages) {
      const locale = toMeiliLocale(language);
      if (locale) this.localized.add(locale);
    }
  }

  async upsert(records: readonly FactCheck[]): Promise<void> {
    if (records.length === 0) return;
    await this.ensureReady();
    const fresh = records.map((r) => r.language).filter((l) => !this.localized.has(toMeiliLocale(l) ?? "-"));
    if (fresh.some((l) => toMeiliLocale(l) !== undefined)) {
      await this.applySettings([...new Set([...(await this.presentLanguages()), ...fresh])]);
    }
    const documents = records.map(toDocument);
    const size = this.options.batchSize ?? UPSERT_BATCH_SIZE;
    const total = Math.ceil(documents.length / size);
    const enqueued: Array<{ task: EnqueuedTask; label: string }> = [];
    // Enqueue every batch first: the server merges consecutive additions into one indexing run.
    for (let n = 0; n < total; n++) {
      const batch = documents.slice(n * size, (n + 1) * size);
      const label = `upsert batch ${n + 1}/${total} (${batch.length} records, ids ${batch[0]!.id} … ${batch.at(-1)!.id})`;
      const task = await this.write(label, () =>
        this.resilience.run("add documents", () => this.#index.addDocuments(batch, { primaryKey: PRIMARY_KEY })),
      );
      enqueued.push({ task, label });
    }
    for (const { task, label } of enqueued) await this.write(label, () => this.waitTask(task, label));
    this.logger.info("meilisearch upsert done", { records: documents.length, batches: total });
  }

  async delete(ids: readonly string[]): Promise<number> {
    const existing = await this.get(ids);
    if (existing.length === 0) return 0;
    const mids = [...new Set(existing.map((r) => toMeiliId(r.id)))];
    const label = `delete ${mids.length} records`;
    await this.write(label, async () => {
      const task = await this.resilience.run("delete documents", () => this.#index.deleteDocuments(mids));
      await this.waitTask(task, label);
    });
    return mids.length;
  }

  async count(): Promise<number> {
    if (this.options.admin) {
      const stats = await this.read("index stats", () => this.#index.getStats());
      return stats.numberOfDocuments;
    }
    const response = await this.read("count", (signal) => this.#index.search("", { limit: 0 }, { signal }));
    return response.estimatedTotalHits ?? 0;
  }

  async get(ids: readonly string[]): Promise<FactCheck[]> {
    const mids = [...new Set(ids.map(toMeiliId))];
    const byMid = new Map<string, FactCheck>();
    // One federated multi-search per MAX_HITS_PER_REQUEST ids: its chunks come back as one merged list, which is
    // all `get` needs. (Federated queries may not carry their own limit; the federation's limit covers them all.)
    for (let start = 0; start < mids.length; start += MAX_HITS_PER_REQUEST) {
      const group = mids.slice(start, start + MAX_HITS_PER_REQUEST);
      const queries: MultiSearchQuery[] = [];
      for (let i = 0; i < group.length; i += GET_CHUNK_IDS) {
        queries.push({ indexUid: this.options.indexUid, q: "", filter: midFilter(group.slice(i, i + GET_CHUNK_IDS)) });
      }
      const response = await this.read("get", (signal) =>
        this.#client.multiSearch({ federation: { limit: group.length }, queries }, { signal }),
      );
      for (const hit of response.hits) {
        const record = fromDocument(hit);
        if (record) byMid.set(toMeiliId(record.id), record);
      }
    }
    return ids.map((id) => byMid.get(toMeiliId(id))).filter((r): r is FactCheck => r !== undefined);
  }

  async search(query: SearchQuery): Promise<SearchHit[]> {
    return (await this.searchMany([query]))[0] ?? [];
  }

  /**
   * One non-federated multi-search: the port returns one ranked list per query (the core's reranker merges them
   * and uses each query's rank), which federation would flatten.
   */
  async searchMany(queries: readonly SearchQuery[]): Promise<SearchHit[][]> {
    const results: SearchHit[][] = queries.map(() => []);
    const active = queries
      .map((query, position) => ({ query, position, q: toMeiliQuery(query.terms) }))
      .filter((entry) => entry.q !== "");
    if (active.length === 0) return results;
    const send = (hybrid: boolean) =>
      this.read("multi-search", (signal) =>
        this.#client.multiSearch(
          { queries: active.map((entry) => this.searchParams(entry.q, entry.query, hybrid)) },
          { signal },
        ),
      );
    let response;
    try {
      response = await send(this.options.hybrid !== undefined);
    } catch (error) {
      // The embedder (an external API, a model) failing must not take keyword search down with it.
      if (!(this.options.hybrid && error instanceof BackendRequestError && isEmbedderFailure(error.info.code))) throw error;
      this.logger.warn("meilisearch hybrid search failed, keyword search only", { code: error.info.code });
      response = await send(false);
    }
    response.results.forEach((result, i) => {
      const position = active[i]?.position;
      if (position === undefined) return;
      results[position] = toHits(result);
      // A document that no longer parses as a FactCheck (written by another version?) must not pass silently.
      const dropped = result.hits.length - results[position].length;
      if (dropped > 0) this.logger.warn("meilisearch hits dropped", { dropped, reason: "not a valid FactCheck" });
    });
    return results;
  }

  async findByUrl(url: string): Promise<FactCheck[]> {
    const key = urlKey(url);
    if (key === null) return [];
    const response = await this.read("find by url", (signal) =>
      this.#index.search("", { filter: urlKeyFilter(key), limit: FIND_BY_URL_LIMIT }, { signal }),
    );
    return response.hits.map(fromDocument).filter((r): r is FactCheck => r !== null);
  }

  async stats(): Promise<IndexStats> {
    const [facets, newest] = await Promise.all([
      this.facets(),
      this.read("newest", (signal) =>
        this.#index.search("", { limit: 1, sort: ["reviewDate:desc"], attributesToRetrieve: ["reviewDate"] }, { signal }),
      ),
    ]);
    const reviewDate = newest.hits[0]?.reviewDate;
    return {
      total: facets.total,
      byPublisher: facets.publisher,
      byLanguage: facets.language,
      byVerdict: facets.verdict,
      newestReviewDate: typeof reviewDate === "string" ? reviewDate : null,
    };
  }

  /** Deletes the whole index (tests against a real server clean up with it). Needs write rights. */
  async dropIndex(): Promise<void> {
    await this.#client.deleteIndexIfExists(this.options.indexUid);
  }

  async close(): Promise<void> {
    // The client holds no connection of its own (fetch keeps its pool); nothing to release.
  }

  private searchParams(q: string, query: SearchQuery, withHybrid: boolean): MultiSearchQuery {
    const locale = toMeiliLocale(query.language);
    const hybrid = withHybrid ? this.options.hybrid : undefined;
    return {
      indexUid: this.options.indexUid,
      q,
      limit: Math.min(MAX_SEARCH_LIMIT, Math.max(1, Math.floor(query.limit))),
      matchingStrategy: "frequency",
      showRankingScore: true,
      ...(locale ? { locales: [locale] } : {}),
      ...(hybrid ? { hybrid: { embedder: hybrid.name, semanticRatio: hybrid.semanticRatio } } : {}),
    };
  }

  private async presentLanguages(): Promise<string[]> {
    return Object.keys((await this.facets()).language);
  }

  private async facets() {
    const response = await this.read("facets", (signal) =>
      this.#index.search("", { limit: 0, facets: ["publisher.name", "language", "verdict"] }, { signal }),
    );
    const distribution = response.facetDistribution ?? {};
    return {
      total: response.estimatedTotalHits ?? 0,
      publisher: { ...distribution["publisher.name"] },
      language: { ...distribution.language },
      verdict: { ...distribution.verdict },
    };
  }

  /**
   * A read on the bot's hot path: the whole operation (retries included) fits in `timeoutMs`. A key without the
   * search right or a missing index also make the index unusable: SearchUnavailableError, so a lookup answers
   * `rejected` instead of crashing or claiming "none".
   */
  private async read<T>(op: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await this.resilience.run(op, fn, { budget: true });
    } catch (error) {
      if (error instanceof BackendRequestError && (error.info.kind === "auth" || error.info.code === "index_not_found")) {
        const hint =
          error.info.kind === "auth"
            ? `the key was refused (${error.info.code ?? error.info.status}); check ${this.keyVariable()}`
            : `index "${this.options.indexUid}" does not exist; run claimbot ingest`;
        this.logger.error("meilisearch unusable", { op, code: error.info.code, status: error.info.status });
        throw new SearchUnavailableError(`meilisearch ${op}: ${hint}`, this.backend, { cause: error });
      }
      throw error;
    }
  }

  /** A write (ingest): an auth failure gets a message that says which key writes need. */
  private async write<T>(label: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof BackendRequestError && error.info.kind === "auth") {
        throw new BackendRequestError(
          `meilisearch ${label}: the key may not write (${error.info.code ?? error.info.status}); writes use MEILI_ADMIN_KEY (claimbot ingest)`,
          label,
          error.info,
        );
      }
      throw error;
    }
  }

  private keyVariable(): string {
    return this.options.admin ? "MEILI_ADMIN_KEY" : "MEILI_API_KEY";
  }

  /** Waits for a task; a failed or canceled one throws MeilisearchTaskError naming `label`. */
  private waitTask(enqueued: EnqueuedTask, label: string, acceptedCodes: string[] = []): Promise<Task> {
    return waitForTask(this.#client, this.resilience, enqueued, label, {
      taskTimeoutMs: this.options.taskTimeoutMs ?? TASK_TIMEOUT_MS,
      pollMs: this.options.taskPollMs ?? TASK_POLL_INTERVAL_MS,
      requestTimeoutMs: this.options.timeoutMs,
      acceptedCodes,
    });
  }
}

/** Meilisearch error codes that mean the embedder, not the keyword index, failed. */
function isEmbedderFailure(code: string | undefined): boolean {
  return code !== undefined && /embed|vector/i.test(code);
}

/**
 * Opens the Meilisearch backend from the configuration. The bot (default) uses MEILI_API_KEY, a search-only key,
 * and touches nothing at start; ingest and doctor (`admin: true`) use MEILI_ADMIN_KEY and create the index and its
 * settings when missing.
 */
export async function createMeilisearchIndex(
  config: Config,
  deps: { logger: Logger; admin?: boolean; resilience?: Partial<ResilienceOptions>; taskTimeoutMs?: number },
): Promise<MeilisearchIndex> {
  if (!config.MEILI_URL) throw new ConfigError("SEARCH_BACKEND=meilisearch needs MEILI_URL", ["MEILI_URL"]);
  const admin = deps.admin ?? false;
  const apiKey = admin ? (config.MEILI_ADMIN_KEY ?? config.MEILI_API_KEY) : config.MEILI_API_KEY;
  const index = new MeilisearchIndex(
    {
      url: config.MEILI_URL,
      ...(apiKey ? { apiKey } : {}),
      indexUid: config.MEILI_INDEX,
      timeoutMs: config.MEILI_TIMEOUT_MS,
      admin,
      hybrid: hybridFromConfig(config),
      ...(deps.resilience ? { resilience: deps.resilience } : {}),
      ...(deps.taskTimeoutMs ? { taskTimeoutMs: deps.taskTimeoutMs } : {}),
    },
    deps.logger,
  );
  if (admin) await index.ensureReady();
  deps.logger.info("search index opened", {
    backend: "meilisearch",
    index: config.MEILI_INDEX,
    admin,
    hybrid: index.options.hybrid?.name ?? null,
  });
  return index;
}
