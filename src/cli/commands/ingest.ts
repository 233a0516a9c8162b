import type { Command } from "commander";
import { Option } from "commander";
import type { Logger } from "../../core/logger.ts";
import type { SearchIndex } from "../../core/search-index.ts";
import type { Translator } from "../../core/translator.ts";
import { translateClaims, type TranslateTally } from "../../ingest/translate-claims.ts";
import { runIngest } from "../../ingest/pipeline.ts";
import type { ProgressSink } from "../../ingest/progress.ts";
import { readSources, type ReadOptions } from "../../ingest/sources.ts";
import { ingestInputs } from "../../ingest/threaded.ts";
import { formatProblem, formatSummary, type IngestSummary } from "../../ingest/summary.ts";
import { INGEST_FORMATS, type FieldDefaults, type IngestFormat } from "../../ingest/types.ts";

/** Problems printed to stderr by default (all of them are in `--json`, up to the summary's cap). */
const DEFAULT_PROBLEMS_SHOWN = 20;

/** Options of `claimbot ingest` as commander hands them over. */
export interface IngestCliOptions extends FieldDefaults {
  format: IngestFormat | "auto";
  dryRun?: boolean;
  json?: boolean;
  maxProblems?: string;
  /** Add the English translation of each non-English claim as another wording (needs a translator). */
  translate?: boolean;
}

/** Output streams, an index and a progress sink: injected so that tests run the command without a process. */
export interface IngestIo {
  index?: SearchIndex;
  logger?: Logger;
  progress?: ProgressSink;
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  fetch?: typeof fetch;
  /** With `--translate`: the translator (the CLI opens the configured one; tests pass a fake). */
  translator?: Translator;
  /** With `--translate`: the translation progress bar (the import's own bar is then left out). */
  translateProgress?: ProgressSink;
}

/** Field values from the flags (`--claim` …), for article text (override) and other formats (fill). */
export function defaultsFromOptions(o: IngestCliOptions): FieldDefaults {
  const d: FieldDefaults = {};
  for (const key of ["claim", "rating", "publisher", "site", "date", "url", "language", "license"] as const) {
    const v = o[key]?.trim();
    if (v) d[key] = v;
  }
  return d;
}

/** Prints the summary (text or JSON) and problems; returns the exit code: 1 only when nothing could be read. */
export function printSummary(summary: IngestSummary, options: { json?: boolean; maxProblems?: number }, io: IngestIo): number {
  if (options.json) {
    io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } else {
    const shown = summary.problems.slice(0, options.maxProblems ?? DEFAULT_PROBLEMS_SHOWN);
    for (const p of shown) io.stderr.write(`${formatProblem(p)}\n`);
    const hidden = summary.problemsTotal + summary.warningsTotal - shown.length;
    if (hidden > 0) io.stderr.write(`… and ${hidden} more problem(s); --json lists up to 1000\n`);
    io.stdout.write(`${formatSummary(summary)}\n`);
  }
  return summary.read === 0 ? 1 : 0;
}

/** The `ingest` command without process concerns. */
export async function ingestCommand(inputs: readonly string[], options: IngestCliOptions, io: IngestIo): Promise<number> {
  if (options.translate && !io.translator) {
    io.stderr.write("ingest --translate: no translator available (TRANSLATE_URL, or apertium with a *-eng pair; see claimbot doctor)\n");
    return 1;
  }
  const read: ReadOptions = {
    format: options.format,
    defaults: defaultsFromOptions(options),
    ...(io.fetch ? { fetch: io.fetch } : {}),
  };
  const tally: TranslateTally = { eligible: 0, translated: 0, failed: 0 };
  const translating = options.translate && io.translator;
  const ingestOptions = {
    dryRun: options.dryRun ?? false,
    ...(io.index ? { index: io.index } : {}),
    ...(io.progress ? { progress: io.progress } : {}),
    ...(io.logger ? { logger: io.logger } : {}),
  };
  // A large import of files reads on a worker thread while this one writes (src/ingest/threaded.ts).
  const summary = translating
    ? await runIngest(
        translateClaims(readSources(inputs, read), io.translator!, tally, { ...(io.translateProgress ? { progress: io.translateProgress } : {}), ...(io.logger ? { logger: io.logger } : {}) }),
        ingestOptions,
      )
    : await ingestInputs(inputs, read, ingestOptions);
  if (translating) {
    io.stderr.write(`translated ${tally.translated} of ${tally.eligible} non-English claims into English with ${io.translator!.engine}${tally.failed > 0 ? ` (${tally.failed} failed: kept as they were)` : ""}\n`);
  }
  const maxProblems = options.maxProblems !== undefined ? Number(options.maxProblems) : undefined;
  const shown = Number.isFinite(maxProblems) ? { maxProblems: maxProblems! } : {};
  return printSummary(summary, { json: options.json ?? false, ...shown }, io);
}

export function register(program: Command): void {
  program
    .command("ingest")
    .description(
      "Import fact-checks into the configured index: ClaimReview JSON-LD (files, feeds, HTML pages), Google Fact " +
        "Check API JSON, CSV, JSONL, or the text of one fact-check article. Directories are walked; URLs fetched.",
    )
    .argument("<inputs...>", "files, directories, http(s) URLs, or - for standard input")
    .addOption(new Option("--format <format>", "input format").choices(["auto", ...INGEST_FORMATS]).default("auto"))
    .option("--dry-run", "parse and validate only; write nothing")
    .option("--json", "print the summary as JSON")
    .option("--claim <text>", "the claim (article text: overrides the extraction; other formats: fills a missing one)")
    .option("--rating <text>", "the publisher's rating, e.g. Misleading")
    .option("--publisher <name>", "the publisher's name, e.g. \"AFP Fact Check\"")
    .option("--site <host>", "the publisher's host name, e.g. factcheck.afp.com")
    .option("--date <YYYY-MM-DD>", "review date")
    .option("--url <link>", "link to the fact-check")
    .option("--language <tag>", "BCP-47 language of the claims, e.g. en, ko")
    .option("--license <id>", "licence of the data, e.g. CC-BY-4.0")
    .option("--max-problems <n>", `problems printed to stderr (default ${DEFAULT_PROBLEMS_SHOWN})`)
    .option("--translate", "add the English translation of each non-English claim as another wording (TRANSLATE_URL or apertium; docs/cross-language.md)")
    .action(async (inputs: string[], options: IngestCliOptions) => {
      const { terminalProgress } = await import("../../ingest/progress.ts");
      // One bar at a time on stderr: with --translate it counts the claims translated (the slow part).
      const progress = options.json ? undefined : await terminalProgress(options.translate ? "translate" : "ingest");
      let translator: Translator | undefined;
      if (options.translate) {
        const [{ loadConfig }, { openTranslator }, { createLogger }] = await Promise.all([
          import("../../config.ts"),
          import("../../translate/open.ts"),
          import("../../logger.ts"),
        ]);
        const config = loadConfig();
        translator = openTranslator(config, createLogger(config));
      }
      const io: IngestIo = {
        stdout: process.stdout,
        stderr: process.stderr,
        ...(progress ? (options.translate ? { translateProgress: progress } : { progress }) : {}),
        ...(translator ? { translator } : {}),
      };
      try {
        if (options.dryRun) {
          process.exitCode = await ingestCommand(inputs, options, io);
          return;
        }
        const { createApp } = await import("../../app.ts");
        const app = await createApp({ admin: true, skipStarterData: true, progress: false, translator: null });
        try {
          process.exitCode = await ingestCommand(inputs, options, { ...io, index: app.index, logger: app.logger });
        } finally {
          await app.close();
        }
      } finally {
        await translator?.close();
      }
    });
}
