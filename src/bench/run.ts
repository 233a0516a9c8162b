/**
 * `npm run bench`: speed, memory and scale of the embedded index and the lookup, next to a bare FTS5 floor.
 * Options: --scales 10000,100000,200000  --data ../shared/data  --out bench-out  --queries 500  --mix 3000
 *          --claim-share 0.1  --seed 42  --keep (keep the index files)  --feed-reviews 100000  --no-ingest-e2e
 * Needs the shared collections (../shared/data, read-only); says so and exits 2 when they are missing.
 * Writes <out>/bench.md and <out>/bench.json; a progress bar goes to stderr.
 */
import { fork } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, platform, release, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import cliProgress from "cli-progress";
import { DEFAULT_SHARED_DATA_DIR, preparePosts, REPO_ROOT, sharedCollectionFiles, SharedDataMissingError } from "./dataset.ts";
import { renderMarkdown, type BenchReport, type ScaleReport } from "./report.ts";
import type { BuildResult, ColdResult, IngestResult, Job, ServeResult } from "./worker.ts";
import type { QualityResult } from "./quality.ts";
import { writeDataFeed } from "./datafeed.ts";
import { curveSvg } from "./curve-svg.ts";
import { claimbotAndFloor } from "./rounds.ts";
import { renderOcrMarkdown, type OcrBenchOptions, type OcrBenchReport } from "./ocr.ts";

// `npm run bench` builds dist/ and runs this file compiled, as `claimbot` runs (bin/claimbot.js); `npm run
// bench:source` runs the sources through tsx. Each forks the worker of its own kind. The OCR child always runs from
// the sources (it reads test/fixtures/ocr beside them), through tsx; its cost is tesseract's.
const COMPILED = import.meta.url.endsWith(".js");
const WORKER = resolve(import.meta.dirname, COMPILED ? "worker.js" : "worker.ts");
const OCR_WORKER = resolve(REPO_ROOT, "src/bench/ocr.ts");
const OCR_EXEC_ARGV = COMPILED ? ["--import", import.meta.resolve("tsx")] : process.execArgv;
const RUNTIME = COMPILED ? "compiled (dist/, what `claimbot` runs)" : "sources through tsx";

/** Runs the OCR measurement in a child process of its own (its peak RSS is the OCR's). */
function runOcrChild(options: OcrBenchOptions): Promise<OcrBenchReport> {
  return new Promise((resolvePromise, reject) => {
    const child = fork(OCR_WORKER, [JSON.stringify(options)], { execArgv: OCR_EXEC_ARGV, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let result: OcrBenchReport | undefined;
    let failure: Error | undefined;
    child.on("message", (raw) => {
      const message = raw as ChildMessage;
      if (message.type === "result") result = message.data as OcrBenchReport;
      else if (message.type === "error") failure = new Error(message.message ?? "OCR bench failed");
    });
    child.on("error", reject);
    child.on("exit", (code) => (result ? resolvePromise(result) : reject(failure ?? new Error(`OCR bench exited with code ${code}`))));
  });
}

const USAGE = `npm run bench -- [options]
  --scales <n,n,...>   fact-check counts to measure (default 10000,100000,200000)
  --data <dir>         shared collections (default ../shared/data)
  --out <dir>          where bench.md, bench.json and the temporary indexes go (default bench-out)
  --queries <n>        claim posts looked up per mode (default 500)
  --mix <n>            messages in the group screening stream (default 3000)
  --claim-share <0..1> share of claim posts in that stream (default 0.1)
  --seed <n>           seed of the data and post sampling (default 42)
  --keep               keep the index files
  --feed-reviews <n>   reviews in the generated ClaimReview DataFeed ingested end to end (default 100000)
  --no-ingest-e2e      skip the end-to-end ingest figures (shared collections and the generated feed)
  --rounds <n>         measure serving and end-to-end ingest n times, claimbot and floor alternated; each figure
                       the median of its rounds, every round listed (default 1)
  --ocr-only           measure only the OCR (needs no shared data; writes bench-ocr.md and bench-ocr.json)
  --no-ocr             skip the OCR figures
  --ocr-iterations <n> timed reads per OCR image kind (default 20)
  --ocr-burst <n>      images read with the OCR pool busy (default 40)
`;

/** Share of each child's progress bar slot per stage, in the order the stages run. */
const STAGE_SLOTS: Record<string, [number, number]> = {
  ingest: [0, 0.75],
  "floor ingest": [0.75, 1],
  "lookup dm": [0, 0.3],
  "lookup group": [0.3, 0.6],
  "index search": [0.6, 0.7],
  "group mix": [0.7, 1],
};

interface ChildMessage {
  type: "progress" | "result" | "error";
  stage?: string;
  done?: number;
  total?: number;
  data?: unknown;
  name?: string;
  message?: string;
}

function runJob<T>(job: Job, onProgress: (fraction: number, stage: string) => void): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    // fork() inherits this process's execArgv: the tsx loader comes along when this runs through tsx.
    const child = fork(WORKER, [JSON.stringify(job)], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let result: T | undefined;
    let failure: Error | undefined;
    child.on("message", (raw) => {
      const message = raw as ChildMessage;
      if (message.type === "progress" && message.stage && message.total) {
        const [from, to] = STAGE_SLOTS[message.stage] ?? [0, 1];
        onProgress(from + (to - from) * ((message.done ?? 0) / message.total), message.stage);
      } else if (message.type === "result") {
        result = message.data as T;
      } else if (message.type === "error") {
        failure = Object.assign(new Error(message.message ?? "bench step failed"), { name: message.name ?? "Error" });
      }
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (result !== undefined) resolvePromise(result);
      else reject(failure ?? new Error(`bench step ${job.task} exited with code ${code}`));
    });
  });
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      scales: { type: "string", default: "10000,100000,200000" },
      data: { type: "string", default: DEFAULT_SHARED_DATA_DIR },
      out: { type: "string", default: "bench-out" },
      queries: { type: "string", default: "500" },
      mix: { type: "string", default: "3000" },
      "claim-share": { type: "string", default: "0.1" },
      seed: { type: "string", default: "42" },
      keep: { type: "boolean", default: false },
      "feed-reviews": { type: "string", default: "100000" },
      "no-ingest-e2e": { type: "boolean", default: false },
      rounds: { type: "string", default: "1" },
      "ocr-only": { type: "boolean", default: false },
      "no-ocr": { type: "boolean", default: false },
      "ocr-iterations": { type: "string", default: "20" },
      "ocr-burst": { type: "string", default: "40" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const scales = values.scales.split(",").map((s) => Number(s.trim()));
  if (scales.some((s) => !Number.isInteger(s) || s < 100 || s > 5_000_000)) {
    throw new Error("--scales takes comma-separated record counts between 100 and 5,000,000");
  }
  const int = (name: string, raw: string, min: number, max: number) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer in ${min}..${max}`);
    return n;
  };
  const claimShare = Number(values["claim-share"]);
  if (!(claimShare >= 0 && claimShare <= 1)) throw new Error("--claim-share must be between 0 and 1");
  return {
    scales,
    dataDir: resolve(values.data),
    out: resolve(values.out),
    queries: int("queries", values.queries, 10, 100_000),
    mix: int("mix", values.mix, 10, 1_000_000),
    claimShare,
    seed: int("seed", values.seed, 0, 2 ** 31),
    keep: values.keep,
    feedReviews: int("feed-reviews", values["feed-reviews"], 100, 5_000_000),
    ingestE2e: !values["no-ingest-e2e"],
    rounds: int("rounds", values.rounds, 1, 9),
    ocr: values["ocr-only"] ? ("only" as const) : values["no-ocr"] ? ("skip" as const) : ("with" as const),
    ocrIterations: int("ocr-iterations", values["ocr-iterations"], 1, 10_000),
    ocrBurst: int("ocr-burst", values["ocr-burst"], 1, 100_000),
  };
}

/** What createLookup is at the moment (H4 replaces a stub); the report names it so a stub run is not misread. */
async function describeLookup(): Promise<string> {
  const { createLookup } = await import("../core/lookup.ts");
  const source = createLookup.toString();
  return /tookMs:\s*0\b/.test(source) && source.length < 600
    ? "createLookup STUB (returns none without searching; figures are index-only)"
    : `createLookup from src/core/lookup.ts (prepare → query plan → SqliteFtsIndex → rerank → decide), ${RUNTIME}`;
}

/**
 * End-to-end ingest, each in a child process on a fresh file: the shared collections and a generated ClaimReview
 * DataFeed (written to the out dir, deleted after), each by `claimbot ingest`'s pipeline and by the floor.
 */
async function measureIngestEndToEnd(
  options: ReturnType<typeof parseOptions>,
  run: (job: Job, stage: string) => Promise<IngestResult>,
): Promise<NonNullable<BenchReport["ingestEndToEnd"]>> {
  const dbFile = join(options.out, "bench-ingest.sqlite");
  const collections = sharedCollectionFiles(options.dataDir);
  const pairs = (inputs: string[], name: string) =>
    claimbotAndFloor(options.rounds, {
      claimbot: () => run({ task: "ingest", kind: "claimbot", inputs, dbFile }, `ingest ${name}`),
      floor: () => run({ task: "ingest", kind: "floor", inputs, dbFile }, `ingest ${name} (floor)`),
    });
  const collectionsPairs = await pairs(collections, "collections");
  const feedFile = join(options.out, "bench-feed.json");
  try {
    const feed = await writeDataFeed(feedFile, { reviews: options.feedReviews, seed: options.seed });
    const feedPairs = await pairs([feedFile], "feed");
    return {
      collections: { files: collections.length, ...collectionsPairs },
      feed: { reviews: feed.reviews, bytes: feed.bytes, languages: feed.languages.length, ...feedPairs },
    };
  } finally {
    rmSync(feedFile, { force: true });
  }
}

async function main(): Promise<number> {
  const options = parseOptions();
  if (options.ocr === "only") {
    mkdirSync(options.out, { recursive: true });
    process.stderr.write("bench: OCR only (about a minute)\n");
    const ocr = await runOcrChild({ iterations: options.ocrIterations, burst: options.ocrBurst });
    const cpuList = cpus();
    const markdown = `Run ${new Date().toISOString()} on ${cpuList[0]?.model.trim() ?? "unknown CPU"}, ${cpuList.length} cores, Node ${process.versions.node}; load average ${loadavg().map((l) => l.toFixed(2)).join(" / ")}.\n\n${renderOcrMarkdown(ocr)}`;
    writeFileSync(join(options.out, "bench-ocr.json"), `${JSON.stringify(ocr, null, 2)}\n`);
    writeFileSync(join(options.out, "bench-ocr.md"), markdown);
    process.stdout.write(`${markdown}\nWrote ${join(options.out, "bench-ocr.md")} and ${join(options.out, "bench-ocr.json")}\n`);
    return 0;
  }
  if (!existsSync(join(options.dataDir, "checkthat")) || !existsSync(join(options.dataDir, "factchecks"))) {
    throw new SharedDataMissingError(options.dataDir);
  }
  mkdirSync(options.out, { recursive: true });
  const startedAt = Date.now();
  // Posts are prepared once, so serve steps do not load the collections (their RSS is the serving RSS).
  const postsFile = join(options.out, "bench-posts.json");
  writeFileSync(
    postsFile,
    JSON.stringify(preparePosts(options.dataDir, options.queries, options.mix, options.claimShare, options.seed)),
  );
  const loadAverageStart = loadavg();
  const jobsPerScale = 4 + 2 * options.rounds;
  const totalSlots = options.scales.length * jobsPerScale + (options.ingestE2e ? 4 * options.rounds : 0);
  const bar = new cliProgress.SingleBar(
    {
      format: " bench {bar} {percentage}% | {scale} | {stage} | {duration_formatted}",
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
      // In a log (no TTY) print a line every 10 s instead of nothing.
      noTTYOutput: true,
      notTTYSchedule: 10_000,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(totalSlots * 100, 0, { scale: "", stage: "starting" });

  const scales: ScaleReport[] = [];
  let slot = 0;
  let ingestE2e: BenchReport["ingestEndToEnd"];
  try {
    for (const scale of options.scales) {
      const dbFile = join(options.out, `bench-${scale}.sqlite`);
      const floorDbFile = join(options.out, `bench-${scale}-floor.sqlite`);
      const label = `${scale.toLocaleString("en-US")} records`;
      const step = async <T>(job: Job, stage: string): Promise<T> => {
        bar.update(slot * 100, { scale: label, stage });
        const out = await runJob<T>(job, (fraction, childStage) =>
          bar.update(Math.round((slot + fraction) * 100), { scale: label, stage: childStage }),
        );
        slot++;
        bar.update(slot * 100, { scale: label, stage });
        return out;
      };
      const build = await step<BuildResult>(
        { task: "build", scale, dbFile, floorDbFile, seed: options.seed, dataDir: options.dataDir },
        "build",
      );
      const coldLookup = await step<ColdResult>({ task: "cold", kind: "lookup", dbFile, postsFile }, "cold start");
      const coldFloor = await step<ColdResult>(
        { task: "cold", kind: "floor", dbFile: floorDbFile, postsFile },
        "cold start (floor)",
      );
      const serveOptions = { postsFile, claimShare: options.claimShare };
      const ofRound = (r: number) => (options.rounds > 1 ? `, round ${r + 1}` : "");
      const serve = await claimbotAndFloor(options.rounds, {
        claimbot: (r) => step<ServeResult>({ task: "serve", kind: "lookup", dbFile, ...serveOptions }, `serve${ofRound(r)}`),
        floor: (r) => step<ServeResult>({ task: "serve", kind: "floor", dbFile: floorDbFile, ...serveOptions }, `serve (floor)${ofRound(r)}`),
      });
      const answers = await step<QualityResult>({ task: "quality", dbFile, dataDir: options.dataDir }, "answers at this scale");
      scales.push({
        scale,
        build,
        cold: { lookup: coldLookup, floor: coldFloor },
        serve: { lookup: serve.claimbot, floor: serve.floor, ...(serve.rounds ? { rounds: serve.rounds } : {}) },
        ...(answers.queries > 0 ? { quality: answers } : {}),
      });
      if (!options.keep) {
        for (const file of [dbFile, floorDbFile]) {
          for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
        }
      }
    }
    if (options.ingestE2e) {
      ingestE2e = await measureIngestEndToEnd(options, (job, stage) => {
        bar.update(slot * 100, { scale: "end to end", stage });
        return runJob<IngestResult>(job, () => undefined).finally(() => slot++);
      });
    }
  } finally {
    bar.stop();
  }
  const ocr = options.ocr === "with" ? await runOcrChild({ iterations: options.ocrIterations, burst: options.ocrBurst }) : undefined;

  const memory = new Database(":memory:");
  const sqlite = (memory.prepare("SELECT sqlite_version() AS v").get() as { v: string }).v;
  memory.close();
  const cpuList = cpus();
  const report: BenchReport = {
    date: new Date(startedAt).toISOString(),
    machine: {
      cpu: cpuList[0]?.model.trim() ?? "unknown CPU",
      cores: cpuList.length,
      memoryGiB: totalmem() / 1024 ** 3,
      os: `${platform()} ${release()}`,
      node: process.versions.node,
      sqlite,
      loadAverageStart,
      loadAverageEnd: loadavg(),
    },
    options: {
      scales: options.scales,
      queries: options.queries,
      mix: options.mix,
      claimShare: options.claimShare,
      seed: options.seed,
      dataDir: options.dataDir,
      rounds: options.rounds,
    },
    lookupImplementation: await describeLookup(),
    scales,
    totalSeconds: (Date.now() - startedAt) / 1000,
    ...(ingestE2e ? { ingestEndToEnd: ingestE2e } : {}),
    ...(ocr ? { ocr } : {}),
  };
  const markdown = renderMarkdown(report);
  writeFileSync(join(options.out, "bench.json"), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(options.out, "bench.md"), markdown);
  if (report.scales.length > 1) writeFileSync(join(options.out, "bench-curve.svg"), curveSvg(report));
  process.stdout.write(`${markdown}\nWrote ${join(options.out, "bench.md")} and ${join(options.out, "bench.json")}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const err = error as Error;
    process.stderr.write(`\nbench failed: ${err.message}\n`);
    process.exit(err instanceof SharedDataMissingError ? 2 : 1);
  },
);
