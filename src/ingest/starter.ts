import { createReadStream, existsSync, readdirSync, type ReadStream } from "node:fs";
import { basename, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createGunzip } from "node:zlib";
import { FactCheckSchema, type FactCheck } from "../core/factcheck.ts";
import type { Logger } from "../core/logger.ts";
import type { SearchIndex } from "../core/search-index.ts";

/** Records handed to `index.upsert` at a time while loading. */
export const STARTER_BATCH_SIZE = 2_000;
/** The starter data the package ships: `<package root>/data/starter/`, found from this file, not from the cwd. */
export const DEFAULT_STARTER_DIR = fileURLToPath(new URL("../../data/starter/", import.meta.url));

const STARTER_FILE = /\.jsonl(\.gz)?$/;

/** Options of {@link ensureStarterData}. */
export interface StarterOptions {
  logger: Logger;
  /** Show a progress bar on stderr (only drawn when stderr is a TTY). */
  progress?: boolean;
  /** Directory of `*.jsonl` / `*.jsonl.gz` files; default {@link DEFAULT_STARTER_DIR}. */
  dir?: string;
  /** Records per upsert; default {@link STARTER_BATCH_SIZE}. */
  batchSize?: number;
}

/** The starter files of `dir`, sorted by name; empty when the directory is missing. */
export function starterFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => STARTER_FILE.test(name))
    .sort()
    .map((name) => join(dir, name));
}

/** The lines of a starter file, gunzipped when its name ends in `.gz`. */
function lines(file: string): AsyncIterable<string> {
  const raw: ReadStream = createReadStream(file);
  const input = file.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  raw.on("error", (error) => input.destroy(error));
  return createInterface({ input, crlfDelay: Infinity });
}

async function countLines(files: readonly string[]): Promise<number> {
  let total = 0;
  for (const file of files) for await (const line of lines(file)) if (line.trim()) total++;
  return total;
}

interface Bar {
  increment(n: number): void;
  stop(): void;
}

async function openBar(total: number): Promise<Bar> {
  const { default: cliProgress } = await import("cli-progress");
  const bar = new cliProgress.SingleBar(
    {
      format: "Loading starter data |{bar}| {value}/{total} fact-checks | {percentage}% | ETA {eta}s",
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { increment: (n) => bar.increment(n), stop: () => bar.stop() };
}

/**
 * Fills an empty index from the starter data (data/starter/*.jsonl and *.jsonl.gz, one FactCheck a line), with a
 * progress bar on a TTY when `progress`. Does nothing when the index already holds records. Every line is validated
 * with FactCheckSchema; a bad line is logged (file, line, field) and skipped. Records go to `index.upsert` in batches
 * of `STARTER_BATCH_SIZE`. Returns how many records were loaded.
 */
export async function ensureStarterData(
  index: SearchIndex,
  options: StarterOptions,
): Promise<{ loaded: number }> {
  const { logger } = options;
  if ((await index.count()) > 0) return { loaded: 0 };
  const dir = options.dir ?? DEFAULT_STARTER_DIR;
  const files = starterFiles(dir);
  if (files.length === 0) {
    logger.warn("starter data not found", { dir });
    return { loaded: 0 };
  }
  const batchSize = Math.max(1, options.batchSize ?? STARTER_BATCH_SIZE);
  const started = Date.now();
  const bar = options.progress && process.stderr.isTTY ? await openBar(await countLines(files)) : undefined;
  let loaded = 0;
  let skipped = 0;
  let batch: FactCheck[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await index.upsert(batch);
    loaded += batch.length;
    bar?.increment(batch.length);
    batch = [];
  };
  try {
    for (const file of files) {
      let lineNo = 0;
      try {
      for await (const line of lines(file)) {
        lineNo++;
        if (!line.trim()) continue;
        let json: unknown;
        try {
          json = JSON.parse(line);
        } catch {
          skipped++;
          bar?.increment(1);
          logger.warn("starter line skipped", { file: basename(file), line: lineNo, reason: "invalid JSON" });
          continue;
        }
        const parsed = FactCheckSchema.safeParse(json);
        if (!parsed.success) {
          skipped++;
          bar?.increment(1);
          const issue = parsed.error.issues[0];
          logger.warn("starter line skipped", {
            file: basename(file),
            line: lineNo,
            field: issue?.path.join(".") || "record",
            reason: issue?.message ?? "invalid",
          });
          continue;
        }
        batch.push(parsed.data);
        if (batch.length >= batchSize) await flush();
      }
      } catch (error) {
        // A damaged file (bad gzip, read error) costs its remaining lines, not the others.
        logger.error("starter file unreadable", {
          file: basename(file),
          line: lineNo,
          reason: error instanceof Error ? error.message : String(error),
        });
      }
    }
    await flush();
  } finally {
    bar?.stop();
  }
  logger.info("starter data loaded", { loaded, skipped, files: files.length, ms: Date.now() - started });
  return { loaded };
}
