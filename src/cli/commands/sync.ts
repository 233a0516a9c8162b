import type { Command } from "commander";
import type { Config } from "../../config.ts";
import { ConfigError } from "../../core/errors.ts";
import type { Logger } from "../../core/logger.ts";
import type { SearchIndex } from "../../core/search-index.ts";
import { GOOGLE_MAX_PAGES, type GoogleClientOptions } from "../../ingest/google-factcheck-client.ts";
import { googleSources } from "../../ingest/google-sync.ts";
import { runIngest } from "../../ingest/pipeline.ts";
import type { ProgressSink } from "../../ingest/progress.ts";
import { printSummary } from "./ingest.ts";

/** Options of `claimbot sync google`. */
export interface SyncGoogleOptions {
  query?: string;
  language?: string;
  publisher?: string;
  maxAgeDays?: string;
  maxPages?: string;
  dryRun?: boolean;
  json?: boolean;
}

export interface SyncIo {
  config: Pick<Config, "GOOGLE_FACTCHECK_API_KEY" | "GOOGLE_FACTCHECK_API_ROOT">;
  index?: SearchIndex;
  logger?: Logger;
  progress?: ProgressSink;
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  /** Overrides for tests (fast backoff). */
  client?: Partial<GoogleClientOptions>;
}

function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number`);
  return n;
}

/**
 * `sync google` without process concerns: pages through the Fact Check Tools API and imports every review.
 * Exit code 0 when all pages came in, 1 when the API failed (pages fetched before the failure are kept).
 */
export async function syncGoogleCommand(options: SyncGoogleOptions, io: SyncIo): Promise<number> {
  const apiKey = io.config.GOOGLE_FACTCHECK_API_KEY;
  if (!apiKey) throw new ConfigError("sync google needs GOOGLE_FACTCHECK_API_KEY", ["GOOGLE_FACTCHECK_API_KEY"]);
  if (!options.query && !options.publisher) throw new Error("sync google needs --query or --publisher");
  const maxAgeDays = positiveInt(options.maxAgeDays, "--max-age-days");
  const maxPages = positiveInt(options.maxPages, "--max-pages");
  const logger = io.logger;
  const sources = googleSources(
    {
      ...(options.query ? { query: options.query } : {}),
      ...(options.language ? { languageCode: options.language } : {}),
      ...(options.publisher ? { reviewPublisherSiteFilter: options.publisher } : {}),
      ...(maxAgeDays !== undefined ? { maxAgeDays } : {}),
    },
    {
      apiKey,
      apiRoot: io.config.GOOGLE_FACTCHECK_API_ROOT,
      ...(maxPages !== undefined ? { maxPages } : {}),
      onRetry: (info) => logger?.warn("google fact check api retry", info),
      ...io.client,
    },
  );
  const summary = await runIngest(sources, {
    dryRun: options.dryRun ?? false,
    ...(io.index ? { index: io.index } : {}),
    ...(io.progress ? { progress: io.progress } : {}),
    ...(logger ? { logger } : {}),
  });
  const code = printSummary(summary, { json: options.json ?? false }, io);
  return summary.sourcesFailed.length > 0 ? 1 : code;
}

export function register(program: Command): void {
  const sync = program.command("sync").description("Fetch fact-checks from an online source into the index.");
  sync
    .command("google")
    .description(
      "Page through the Google Fact Check Tools API (claims:search) and import every review. " +
        "Needs GOOGLE_FACTCHECK_API_KEY.",
    )
    .option("--query <text>", "text to search for")
    .option("--language <tag>", "BCP-47 language filter, e.g. en, ko")
    .option("--publisher <site>", "only reviews from this publisher site, e.g. factcheck.afp.com")
    .option("--max-age-days <n>", "only reviews at most this many days old")
    .option("--max-pages <n>", `stop after this many pages (default ${GOOGLE_MAX_PAGES})`)
    .option("--dry-run", "fetch and validate only; write nothing")
    .option("--json", "print the summary as JSON")
    .action(async (options: SyncGoogleOptions) => {
      const { loadConfig } = await import("../../config.ts");
      const config = loadConfig();
      if (!config.GOOGLE_FACTCHECK_API_KEY) {
        throw new ConfigError("sync google needs GOOGLE_FACTCHECK_API_KEY", ["GOOGLE_FACTCHECK_API_KEY"]);
      }
      const { terminalProgress } = await import("../../ingest/progress.ts");
      const progress = options.json ? undefined : await terminalProgress("sync google");
      const io: SyncIo = { config, stdout: process.stdout, stderr: process.stderr, ...(progress ? { progress } : {}) };
      if (options.dryRun) {
        process.exitCode = await syncGoogleCommand(options, io);
        return;
      }
      const { createApp } = await import("../../app.ts");
      const app = await createApp({ config, admin: true, skipStarterData: true, progress: false });
      try {
        process.exitCode = await syncGoogleCommand(options, { ...io, index: app.index, logger: app.logger });
      } finally {
        await app.close();
      }
    });
}
