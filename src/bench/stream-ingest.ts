/**
 * Streaming-ingest benchmark (issue 13): generates a ClaimReview DataFeed of `--reviews` reviews (default 200,000,
 * about 200 MB, nine languages) into a temporary directory, then runs `claimbot ingest` on it as a child process,
 * dry-run and into a fresh embedded index, and reports time, rate and the child's peak RSS. The feed is deleted
 * afterwards; nothing is written to the repository.
 *
 *   npm run bench:stream-ingest [-- --reviews 200000] [-- --keep]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeDataFeed } from "./datafeed.ts";

/** The issue's bound on peak RSS while ingesting the 200 MB feed. */
export const STREAM_INGEST_MAX_RSS_MB = 400;

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > -1 ? process.argv[i + 1] : undefined;
};
const reviews = Number(arg("--reviews") ?? 200_000);

interface Run {
  mode: string;
  seconds: number;
  peakRssMb: number;
  summary: { read: number; valid: number; imported: number; skipped: number; duplicates: number; recordsPerSecond: number };
}

/** V8 old-space cap for the third run: how an operator bounds an ingest in a memory-limited container. */
const CAPPED_HEAP_MB = Number(arg("--heap-mb") ?? 256);

function ingest(file: string, dataDir: string, dryRun: boolean, heapMb?: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const args = ["--import", join(ROOT, "src/bench/max-rss.mjs"), join(ROOT, "bin/claimbot.js"), "ingest", file, "--json", ...(dryRun ? ["--dry-run"] : [])];
    const env = { ...process.env, CLAIMBOT_DATA_DIR: dataDir, LOG_LEVEL: "warn", ...(heapMb ? { NODE_OPTIONS: `--max-old-space-size=${heapMb}` } : {}) };
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.on("close", (code) => {
      const seconds = (performance.now() - started) / 1000;
      const rss = /claimbot-max-rss-kb=(\d+)/.exec(err);
      if (code !== 0 || !rss) {
        reject(new Error(`ingest exited ${code}: ${err.slice(-1500)}`));
        return;
      }
      const summary = JSON.parse(out) as Run["summary"];
      const mode = `${dryRun ? "dry-run (parse + validate)" : "into a fresh embedded index"}${heapMb ? `, --max-old-space-size=${heapMb}` : ", default V8 heap"}`;
      resolve({ mode, seconds, peakRssMb: Math.round(Number(rss[1]) / 1024), summary });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), "claimbot-stream-ingest-"));
try {
  const genStarted = performance.now();
  const feed = await writeDataFeed(join(dir, "datafeed.json"), { reviews });
  const genSeconds = (performance.now() - genStarted) / 1000;
  process.stdout.write(
    `generated ${feed.reviews.toLocaleString("en")} reviews in ${feed.languages.length} languages (${feed.languages.join(", ")}): ` +
      `${(feed.bytes / 1e6).toFixed(1)} MB in ${genSeconds.toFixed(1)} s\n`,
  );
  const runs: Run[] = [];
  runs.push(await ingest(feed.file, join(dir, "data-dry"), true));
  runs.push(await ingest(feed.file, join(dir, "data-index"), false));
  runs.push(await ingest(feed.file, join(dir, "data-index-capped"), false, CAPPED_HEAP_MB));
  let failed = false;
  for (const run of runs) {
    const ok = run.peakRssMb <= STREAM_INGEST_MAX_RSS_MB && run.summary.valid === reviews;
    failed ||= !ok;
    process.stdout.write(
      `${run.mode}: read ${run.summary.read}, valid ${run.summary.valid}, imported ${run.summary.imported}, skipped ${run.summary.skipped}; ` +
        `${run.seconds.toFixed(1)} s wall, ${Math.round(reviews / run.seconds).toLocaleString("en")} reviews/s ` +
        `(${(feed.bytes / 1e6 / run.seconds).toFixed(1)} MB/s); peak RSS ${run.peakRssMb} MB ${ok ? "ok" : `FAIL (limit ${STREAM_INGEST_MAX_RSS_MB} MB)`}\n`,
    );
  }
  process.exitCode = failed ? 1 : 0;
} finally {
  if (!process.argv.includes("--keep")) rmSync(dir, { recursive: true, force: true });
}
