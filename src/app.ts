import type Database from "better-sqlite3";
import { loadConfig, type Config } from "./config.ts";
import type { Logger } from "./core/logger.ts";
import { createLookup } from "./core/lookup.ts";
import { LOOKUP_CACHE_TTL_MS, memoizeLookup } from "./runtime/lookup-memo.ts";
import type { LookupFn } from "./core/lookup-types.ts";
import type { SearchIndex } from "./core/search-index.ts";
import { ensureStarterData } from "./ingest/starter.ts";
import { createLogger } from "./logger.ts";
import type { Ocr } from "./core/ocr.ts";
import { createTesseractOcr, type TesseractOcr } from "./ocr/tesseract-ocr.ts";
import { openSearchIndex } from "./search/open.ts";
import type { Translator } from "./core/translator.ts";
import { openTranslator } from "./translate/open.ts";
import { createRuntime, type BotRuntime } from "./runtime/runtime.ts";
import { Metrics } from "./runtime/metrics.ts";
import { dataPaths, openDatabase, useServingPageCache } from "./store/database.ts";
import { createIdHasher, loadHashKey, type IdHasher } from "./store/hash-key.ts";
import { openRuntimeStores, type RuntimeStores } from "./store/runtime-stores.ts";

/** Everything a command or a bot needs, wired once. Owner H6 extends it (stores, runtime). */
export interface App {
  config: Config;
  logger: Logger;
  /** The SQLite file of the data dir: chat store always; the index too when SEARCH_BACKEND=sqlite. */
  db: Database.Database;
  index: SearchIndex;
  lookup: LookupFn;
  /** Chat settings, feedback, tips, trends, outbox (same SQLite file). */
  stores: RuntimeStores;
  /** Keyed hash of user and chat ids (CLAIMBOT_HASH_KEY, else a key generated once into the data dir). */
  hashId: IdHasher;
  metrics: Metrics;
  /** The platform-neutral bot runtime the adapters consume. */
  runtime: BotRuntime;
  /** Reads the text of images (tesseract.js; engines start on the first image). Undefined when OCR_ENABLED=false. */
  ocr: Ocr | undefined;
  /** Finishes lookups in flight, then closes the index and the database. Safe to call twice. */
  close(): Promise<void>;
}

export interface AppOptions {
  config?: Config;
  logger?: Logger;
  /** Show a progress bar when the starter data is loaded on first use. */
  progress?: boolean;
  /** Open the index with admin rights (ingest). */
  admin?: boolean;
  /** Skip filling an empty index from data/ (ingest into a fresh index, eval). */
  skipStarterData?: boolean;
  /** Replace the lookup pipeline (tests: a fake LookupFn at the port boundary). */
  lookup?: LookupFn;
  /** Replace the OCR engine (tests: a fake at the port boundary); `null` turns OCR off. */
  ocr?: Ocr | null;
  /** Replace the translator (tests: a fake at the port boundary); `null` turns translation off. */
  translator?: Translator | null;
}

/** The composition root: config → logger → database → index → starter data → lookup. */
export async function createApp(options: AppOptions = {}): Promise<App> {
  const config = options.config ?? loadConfig();
  const logger = options.logger ?? createLogger(config);
  const db = openDatabase(dataPaths(config).dbFile);
  // Serving reads: a smaller page cache than an import needs (src/store/database.ts).
  if (!options.admin) useServingPageCache(db);
  const index = await openSearchIndex(config, { logger, db, admin: options.admin ?? false });
  // Only the embedded index fills itself from data/: a production Meilisearch index is filled by `claimbot ingest`
  // with the admin key, and the bot's search-only key must not need the server at start-up (it may be down).
  if (!options.skipStarterData && config.SEARCH_BACKEND === "sqlite") {
    await ensureStarterData(index, { logger, progress: options.progress ?? false });
  }
  const translator = options.translator === null ? undefined : (options.translator ?? openTranslator(config, logger));
  // Repeated (viral) posts share one lookup for 5 minutes, on every surface (the runtime's own memo then stands aside).
  const pipeline = options.lookup ?? createLookup({ index, logger, ...(translator ? { translator } : {}) });
  const cache = options.lookup || config.LOOKUP_CACHE_ENTRIES === 0 ? undefined : memoizeLookup(pipeline, { ttlMs: LOOKUP_CACHE_TTL_MS, max: config.LOOKUP_CACHE_ENTRIES });
  const lookup = cache ?? pipeline;
  const stores = openRuntimeStores(db);
  const hashId = createIdHasher(loadHashKey(config.CLAIMBOT_HASH_KEY, dataPaths(config).dir));
  const metrics = new Metrics();
  if (cache) {
    metrics.gauge("claimbot_lookup_cache_hits", "Lookups answered from the cache of recent posts (a repeated, viral post).", () => cache.stats.hits);
    metrics.gauge("claimbot_lookup_cache_entries", "Lookups kept in the cache of recent posts.", () => cache.stats.size());
  }
  const ocr =
    options.ocr === null || !config.OCR_ENABLED
      ? undefined
      : (options.ocr ??
        createTesseractOcr({
          languages: config.OCR_LANGS,
          langPath: config.OCR_LANG_PATH,
          workers: config.OCR_WORKERS,
          timeoutMs: config.OCR_TIMEOUT_MS,
          maxPixels: config.OCR_MAX_PIXELS,
          maxBytes: config.OCR_MAX_IMAGE_BYTES,
          logger,
        }));
  if (ocr && "pool" in ocr) {
    const { pool } = ocr as TesseractOcr;
    metrics.gauge("claimbot_ocr_engines", "OCR engines running or starting.", () => pool.engines);
    metrics.gauge("claimbot_ocr_busy", "OCR engines reading an image now.", () => pool.busy);
    metrics.gauge("claimbot_ocr_queue_depth", "Images waiting for a free OCR engine.", () => pool.queued);
    metrics.gauge("claimbot_ocr_timeouts", "Images abandoned after OCR_TIMEOUT_MS (their engine was restarted).", () => pool.stats.timeouts);
  }
  const runtime = createRuntime({
    ...(ocr ? { ocr, ocrMaxBytes: config.OCR_MAX_IMAGE_BYTES } : {}),
    lookup,
    ...(cache ? { memoizeLookups: false } : {}),
    index,
    stores,
    hashId,
    metrics,
    logger,
    defaultLocale: config.DEFAULT_LOCALE,
    retentionDays: config.RETENTION_DAYS,
    trendsAlert: { chat: config.TRENDS_ALERT_CHAT, threshold: config.TRENDS_ALERT_THRESHOLD },
  });
  let closed = false;
  return {
    config,
    logger,
    db,
    index,
    lookup,
    stores,
    hashId,
    metrics,
    runtime,
    ocr,
    async close() {
      if (closed) return;
      closed = true;
      runtime.close();
      await runtime.drain();
      await ocr?.close();
      await translator?.close();
      await index.close();
      if (db.open) db.close();
    },
  };
}
