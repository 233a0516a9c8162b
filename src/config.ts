import { z } from "zod";
import { ConfigError } from "./core/errors.ts";

const emptyToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const optionalUrl = z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional());
const int = (def: number, min: number, max: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).max(max).default(def));
const num = (def: number, min: number, max: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().min(min).max(max).default(def));
const bool = (def: boolean) =>
  z.preprocess(
    emptyToUndefined,
    z
      .enum(["1", "0", "true", "false", "yes", "no", "on", "off"])
      .default(def ? "true" : "false")
      .transform((v) => ["1", "true", "yes", "on"].includes(v)),
  );

/**
 * Every environment variable claimbot reads, in one schema. `.env.example` documents them.
 * Errors name the variable and the rule, never the value (values may be secrets).
 */
export const ConfigSchema = z.object({
  /** Folder for the embedded index and the chat store; several indexes can live side by side. */
  CLAIMBOT_DATA_DIR: z.preprocess(emptyToUndefined, z.string().default("./.claimbot")),
  /** Name of the embedded index file inside the data directory (`<name>.sqlite`). */
  CLAIMBOT_INDEX: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).default("default")),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ),
  /** Locale for replies when neither the user nor the post tells one. */
  DEFAULT_LOCALE: z.preprocess(emptyToUndefined, z.enum(["en", "ko"]).default("en")),

  SEARCH_BACKEND: z.preprocess(emptyToUndefined, z.enum(["sqlite", "meilisearch"]).default("sqlite")),
  /**
   * `sqlite` only: hold the index's postings in memory and rank there (the same answers, a fraction of FTS5's time;
   * ~28 MiB at 200k fact-checks, read in slices between lookups after start, FTS5 answers until then). `off` keeps every
   * query in FTS5 (a small machine). Indexes under 20,000 fact-checks always stay in FTS5.
   */
  SQLITE_MEMORY_POSTINGS: z.preprocess(emptyToUndefined, z.enum(["on", "off"]).default("on")),
  MEILI_URL: optionalUrl,
  /** Search-only key used by the bot. */
  MEILI_API_KEY: optionalString,
  /** Admin key, used by ingest and doctor only. */
  MEILI_ADMIN_KEY: optionalString,
  MEILI_INDEX: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9_-]{1,100}$/).default("factchecks")),
  MEILI_TIMEOUT_MS: int(3000, 100, 60_000),
  /** Name of a Meilisearch embedder to use for hybrid search; unset = keyword search only. */
  MEILI_EMBEDDER: optionalString,
  MEILI_EMBEDDER_SOURCE: z.preprocess(
    emptyToUndefined,
    z.enum(["huggingFace", "rest", "openAi", "ollama", "userProvided"]).optional(),
  ),
  MEILI_EMBEDDER_MODEL: optionalString,
  MEILI_EMBEDDER_URL: optionalUrl,
  MEILI_EMBEDDER_API_KEY: optionalString,
  MEILI_SEMANTIC_RATIO: num(0.5, 0, 1),
  /** Recent lookups kept per process for repeated (viral) posts, 5 minutes each; 0 turns the cache off. */
  LOOKUP_CACHE_ENTRIES: int(500, 0, 100_000),

  GOOGLE_FACTCHECK_API_KEY: optionalString,
  GOOGLE_FACTCHECK_API_ROOT: z.preprocess(
    emptyToUndefined,
    z.url({ protocol: /^https?$/ }).default("https://factchecktools.googleapis.com"),
  ),

  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_API_ROOT: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).default("https://api.telegram.org")),
  TELEGRAM_WEBHOOK_URL: optionalUrl,
  TELEGRAM_WEBHOOK_SECRET: optionalString,
  TELEGRAM_WEBHOOK_PORT: int(8443, 0, 65535),

  DISCORD_TOKEN: optionalString,
  DISCORD_APP_ID: optionalString,
  /** REST base without trailing slash, e.g. `https://discord.com/api`. */
  DISCORD_API_ROOT: z.preprocess(
    emptyToUndefined,
    z
      .url({ protocol: /^https?$/ })
      .refine((v) => !v.endsWith("/"), "must not end with /")
      .default("https://discord.com/api"),
  ),

  /** Port of the health/metrics/lookup HTTP server; 0 disables it. */
  HTTP_PORT: int(8080, 0, 65535),
  HTTP_HOST: z.preprocess(emptyToUndefined, z.string().default("127.0.0.1")),
  /** When set, `POST /v1/lookup` requires `Authorization: Bearer <token>`. */
  HTTP_API_TOKEN: optionalString,
  HTTP_MAX_BODY_BYTES: int(64 * 1024, 1024, 10 * 1024 * 1024),
  /** `POST /v1/lookup` requests per client (bearer token, else address) per minute; 0 = no limit. */
  HTTP_RATE_LIMIT_PER_MINUTE: int(600, 0, 1_000_000),

  /** Secret for keyed hashes of user and chat ids; generated into the data dir when unset. */
  CLAIMBOT_HASH_KEY: optionalString,
  /**
   * `serve` only: V8 collects the old generation once it has grown this many percent over what survived the last
   * collection (`--heap-growing-percent`; V8's own factor goes up to 300 % on big machines). 0 = V8's default.
   * docs/reliability.md ("Soak") has the measurements.
   */
  CLAIMBOT_HEAP_GROWING_PERCENT: int(35, 0, 300),
  /** Feedback and trend rows older than this are deleted. */
  RETENTION_DAYS: int(90, 1, 3650),
  /** Chat (`platform:id`) that gets an alert when a claim is seen in many chats on one day. */
  TRENDS_ALERT_CHAT: optionalString,
  TRENDS_ALERT_THRESHOLD: int(20, 2, 1_000_000),

  /**
   * Machine translation of non-English posts into English (docs/cross-language.md): `auto` = LibreTranslate when
   * TRANSLATE_URL is set, else Apertium when installed, else none; `off` = never.
   */
  TRANSLATOR: z.preprocess(emptyToUndefined, z.enum(["auto", "apertium", "libretranslate", "off"]).default("auto")),
  /** Base URL of a LibreTranslate-compatible server (`POST /translate`, `GET /languages`). */
  TRANSLATE_URL: optionalUrl,
  /** Sent as `api_key` to the LibreTranslate server; never logged. */
  TRANSLATE_API_KEY: optionalString,
  /** A translation that takes longer is abandoned and the post is looked up without it (ms). */
  TRANSLATE_TIMEOUT_MS: int(2000, 100, 60_000),

  /** Read the text of images (screenshots, photos) and look it up. Per chat: on in DMs, off in groups (/settings ocr). */
  OCR_ENABLED: bool(true),
  /** Languages loaded into every OCR engine, `+`-separated tesseract codes; English is always loaded. */
  OCR_LANGS: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z_]{3,16}([+, ][A-Za-z_]{3,16})*$/, "tesseract codes such as eng+kor").default("eng+kor")),
  /** Extra folders (separated like PATH) holding `<code>.traineddata` files, searched before data/ocr/ and npm. */
  OCR_LANG_PATH: optionalString,
  /** OCR engines (threads) in the pool; each needs about one core and ~90 MiB while busy (docs/benchmarks.md). */
  OCR_WORKERS: int(1, 1, 16),
  /** An image that takes longer is abandoned and its engine restarted (ms). */
  OCR_TIMEOUT_MS: int(15_000, 1_000, 120_000),
  /** Largest image downloaded and read (bytes); Telegram bots can download up to 20 MB. */
  OCR_MAX_IMAGE_BYTES: int(10 * 1024 * 1024, 1024, 50 * 1024 * 1024),
  /** Largest width × height decoded; bigger images (decompression bombs) are refused from their header. */
  OCR_MAX_PIXELS: int(25_000_000, 10_000, 200_000_000),
});

export type Config = z.output<typeof ConfigSchema>;

/** Names of variables whose values must never be printed. */
export const SECRET_VARIABLES = [
  "MEILI_API_KEY",
  "MEILI_ADMIN_KEY",
  "MEILI_EMBEDDER_API_KEY",
  "GOOGLE_FACTCHECK_API_KEY",
  "TRANSLATE_API_KEY",
  "TELEGRAM_BOT_TOKEN",
  "TELEGRAM_WEBHOOK_SECRET",
  "DISCORD_TOKEN",
  "HTTP_API_TOKEN",
  "CLAIMBOT_HASH_KEY",
] as const;

/** Reads and validates the environment. Throws `ConfigError` naming the bad variables (never their values). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = ConfigSchema.safeParse(env);
  if (result.success) {
    if (result.data.SEARCH_BACKEND === "meilisearch" && !result.data.MEILI_URL) {
      throw new ConfigError("SEARCH_BACKEND=meilisearch needs MEILI_URL", ["MEILI_URL"]);
    }
    if (result.data.TRANSLATOR === "libretranslate" && !result.data.TRANSLATE_URL) {
      throw new ConfigError("TRANSLATOR=libretranslate needs TRANSLATE_URL", ["TRANSLATE_URL"]);
    }
    return result.data;
  }
  const variables = [...new Set(result.error.issues.map((issue) => String(issue.path[0] ?? "?")))];
  const lines = result.error.issues.map((issue) => `${String(issue.path[0] ?? "?")}: ${issue.message}`);
  throw new ConfigError(`invalid configuration:\n  ${lines.join("\n  ")}`, variables);
}
