import { existsSync, statSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import type { Command } from "commander";
import { Option } from "commander";
import type { Mode } from "../../core/lookup-types.ts";

/** Options of `claimbot eval` as commander hands them over. */
export interface EvalCliOptions {
  /** Required except with `identity` (which defaults to the starter data). */
  collection?: string;
  queries?: string;
  qrels?: string;
  split: string;
  k: string;
  mode: Mode;
  holdout: string;
  seed: string;
  json?: boolean;
  out?: string;
  plot?: string;
  /** Folder (or file) of claim-identity sets: run the identity eval instead (see docs/eval.md). */
  identity?: string;
  /** With `identity`: list the failures. */
  failures?: boolean;
  /** Translate non-English posts (cross-language sets): `off` (default), `auto`, `apertium`, `libretranslate`. */
  translator?: "off" | "auto" | "apertium" | "libretranslate";
}

/** Output streams: injected so tests run the command without a process. */
export interface EvalIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  progress?: boolean;
}

function number(value: string, name: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max}`);
  return n;
}

type Bar = { start(total: number, value: number, payload?: object): void; update(v: number, payload?: object): void; stop(): void };

async function progressBar(io: EvalIo): Promise<((p: "index" | "lookup", done: number, total: number) => void) & { stop(): void }> {
  let bar: Bar | undefined;
  if (io.progress) {
    const { SingleBar, Presets } = await import("cli-progress");
    bar = new SingleBar({ format: "{phase} [{bar}] {value}/{total}", stream: process.stderr, clearOnComplete: true }, Presets.shades_classic);
  }
  let phase = "";
  const onProgress = (p: "index" | "lookup", done: number, total: number) => {
    if (!bar) return;
    if (p !== phase) {
      if (phase) bar.stop();
      phase = p;
      bar.start(total, done, { phase: p === "index" ? "indexing" : "lookups " });
    } else bar.update(done);
  };
  return Object.assign(onProgress, { stop: () => bar?.stop() });
}

/** `eval --identity`: the claim-identity sets on the starter data (or `--collection`). */
async function identityCommand(options: EvalCliOptions, io: EvalIo): Promise<number> {
  const { loadIdentityCollection, loadIdentityLines } = await import("../../eval/identity-sets.ts");
  const { runIdentityEval } = await import("../../eval/identity.ts");
  const { formatIdentityText } = await import("../../eval/identity-report.ts");
  if (!existsSync(options.identity!)) throw new Error(`--identity: no such file or folder: ${options.identity}`);
  if (options.collection && !existsSync(options.collection)) throw new Error(`--collection: no such file or folder: ${options.collection}`);
  const lines = loadIdentityLines(options.identity!);
  if (lines.length === 0) throw new Error("--identity: no post could be read (expected *.jsonl)");
  const { records, skipped } = await loadIdentityCollection(options.collection);
  if (records.length === 0) throw new Error("--collection: no fact-check could be read");
  if (skipped > 0) io.stderr.write(`eval: ${skipped} collection rows skipped (unreadable)\n`);
  const onProgress = await progressBar(io);
  const report = await runIdentityEval({ collection: records, lines, failures: options.failures ?? false, onProgress });
  onProgress.stop();
  io.stdout.write(options.json ? `${JSON.stringify(report)}\n` : `${formatIdentityText(report)}\n`);
  return 0;
}

/** The translator of `--translator` (read from the environment's TRANSLATE_* like the bot); undefined for `off`. */
async function evalTranslator(choice: NonNullable<EvalCliOptions["translator"]>, io: EvalIo) {
  if (choice === "off") return undefined;
  const { loadConfig } = await import("../../config.ts");
  const { openTranslator } = await import("../../translate/open.ts");
  const { silentLogger } = await import("../../core/logger.ts");
  const translator = openTranslator({ ...loadConfig(), TRANSLATOR: choice }, silentLogger);
  if (!translator) throw new Error(`--translator ${choice}: no translator available (see claimbot doctor)`);
  io.stderr.write(`eval: translating non-English posts with ${translator.engine}\n`);
  return translator;
}

/** Runs the evaluation and prints it; returns the exit code. */
export async function evalCommand(options: EvalCliOptions, io: EvalIo): Promise<number> {
  if (options.identity) return identityCommand(options, io);
  if (!options.collection) throw new Error("--collection is required (a CheckThat folder, vclaims.jsonl or FactCheck JSONL)");
  const { checkthatSplitFiles, loadAnyCollection, loadQrels, loadQueries } = await import("../../eval/checkthat.ts");
  const { runEval } = await import("../../eval/run-eval.ts");
  const { formatEvalMarkdown, formatEvalText, sweepSvg } = await import("../../eval/report.ts");
  if (!existsSync(options.collection)) throw new Error(`--collection: no such file or folder: ${options.collection}`);
  const isDir = statSync(options.collection).isDirectory();
  const split = isDir ? checkthatSplitFiles(options.collection, options.split) : undefined;
  const queriesFile = options.queries ?? split?.queries;
  const qrelsFile = options.qrels ?? split?.qrels;
  if (!queriesFile || !existsSync(queriesFile)) throw new Error("--queries: give a queries.tsv/jsonl (or a CheckThat folder with --split)");
  if (!qrelsFile || !existsSync(qrelsFile)) throw new Error("--qrels: give a qrels.tsv (or a CheckThat folder with --split)");
  const k = number(options.k, "k", 1, 100);
  const holdout = number(options.holdout, "holdout", 0, 1);
  const seed = number(options.seed, "seed", 0, 2 ** 31);

  const { records, skipped } = await loadAnyCollection(options.collection);
  if (records.length === 0) throw new Error("--collection: no fact-check could be read");
  if (skipped > 0) io.stderr.write(`eval: ${skipped} collection rows skipped (unreadable)\n`);
  const queries = loadQueries(queriesFile);
  const qrels = loadQrels(qrelsFile);

  const translator = await evalTranslator(options.translator ?? "off", io);
  const onProgress = await progressBar(io);
  const report = await runEval({
    collection: records,
    queries,
    qrels,
    mode: options.mode,
    holdout,
    seed,
    k,
    onProgress,
    ...(translator ? { translator } : {}),
  }).finally(() => translator?.close());
  onProgress.stop();

  let plotFile = options.plot;
  if (!plotFile && options.out) plotFile = options.out.replace(/\.md$/i, "") + ".svg";
  if (plotFile) writeFileSync(plotFile, sweepSvg(report));
  if (options.out) {
    const title = `claimbot eval: ${basename(options.collection)} ${options.queries ? basename(options.queries) : options.split}`;
    writeFileSync(options.out, formatEvalMarkdown(report, title, plotFile ? basename(plotFile) : undefined));
  }
  io.stdout.write(options.json ? `${JSON.stringify(report)}\n` : `${formatEvalText(report)}\n`);
  return 0;
}

export function register(program: Command): void {
  program
    .command("eval")
    .description("Measure match quality on a benchmark (CheckThat!): MAP@k, Recall@k, decisions, holdout abstention")
    .option("--collection <file|dir>", "fact-checks: vclaims.jsonl, FactCheck JSONL, any ingest format, or a CheckThat folder (required unless --identity)")
    .option("--queries <file>", "queries.tsv (id<TAB>text) or JSONL {id,text}; default <collection>/<split>.queries.tsv")
    .option("--qrels <file>", "TREC qrels; default <collection>/<split>.qrels.tsv")
    .option("--split <name>", "split of a CheckThat folder (train, dev, devtest)", "dev")
    .option("--k <n>", "cut-off of map_at_k", "5")
    .addOption(new Option("--mode <mode>", "mode of the top-level decision figures").choices(["dm", "group"]).default("group"))
    .option("--holdout <share>", "remove the gold fact-checks of this share of the queries (abstention test)", "0")
    .option("--seed <n>", "seed of the holdout draw", "1")
    .option("--json", "print one JSON object with every figure (keys documented in docs/eval.md)")
    .option("--out <report.md>", "also write a markdown report (and the sweep plot next to it as .svg)")
    .option("--plot <file.svg>", "write the precision/recall-vs-threshold plot here")
    .option("--identity <dir>", "run the claim-identity sets (near-miss, paraphrase, noisy JSONL) instead; index: the starter data or --collection")
    .option("--failures", "with --identity: list every failure (id, text, outcome, top claim)")
    .addOption(
      new Option("--translator <engine>", "translate non-English posts into English (cross-language sets; TRANSLATE_* as for the bot)")
        .choices(["off", "auto", "apertium", "libretranslate"])
        .default("off"),
    )
    .action(async (options: EvalCliOptions) => {
      process.exitCode = await evalCommand(options, { stdout: process.stdout, stderr: process.stderr, progress: true });
    });
}
