/**
 * Lookup cost with and without translation, on the starter index (26k fact-checks, SQLite FTS5):
 *
 *   npx tsx src/eval/cross-language-bench.ts [--queries test/fixtures/eval/cross-language/es-2a-dev.queries.tsv]
 *     [--english ../shared/data/checkthat/2022-2a-en/dev.queries.tsv] [--translator apertium|libretranslate]
 *
 * Each set of posts is run once to warm caches, then timed: the non-English posts without a translator and with
 * one (its translation cache off, so every lookup pays a translation), the English posts without and with one (they
 * are never translated: the cost must not move). Prints p50/p95 in milliseconds as JSON.
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../config.ts";
import { silentLogger } from "../core/logger.ts";
import { createLookupTrace } from "../core/lookup.ts";
import type { Translator } from "../core/translator.ts";
import { apertiumEngine, findApertium } from "../translate/apertium.ts";
import { libreTranslateEngine } from "../translate/libretranslate.ts";
import { resilientTranslator } from "../translate/resilient-translator.ts";
import { loadQueries } from "./checkthat.ts";
import { withEvalIndex } from "./eval-index.ts";
import { loadIdentityCollection } from "./identity-sets.ts";
import { quantile } from "./metrics.ts";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      queries: { type: "string", default: "test/fixtures/eval/cross-language/es-2a-dev.queries.tsv" },
      english: { type: "string", default: "../shared/data/checkthat/2022-2a-en/dev.queries.tsv" },
      translator: { type: "string", default: "apertium" },
    },
  });
  const engine =
    values.translator === "libretranslate"
      ? libreTranslateEngine({ url: loadConfig().TRANSLATE_URL ?? "", ...(loadConfig().TRANSLATE_API_KEY ? { apiKey: loadConfig().TRANSLATE_API_KEY! } : {}), logger: silentLogger })
      : apertiumEngine(findApertium() ?? (() => { throw new Error("apertium with a *-eng pair is not installed"); })(), silentLogger);
  // No cache: every timed lookup pays its translation.
  const translator: Translator = resilientTranslator(engine, { timeoutMs: 5000, cacheEntries: 0, failureThreshold: 5, coolDownMs: 15_000, logger: silentLogger });
  const foreign = loadQueries(values.queries!).map((q) => q.text);
  const english = loadQueries(values.english!).map((q) => q.text);
  const { records } = await loadIdentityCollection(undefined);
  const report: Record<string, { p50: number; p95: number; posts: number }> = {};
  await withEvalIndex(records, {}, async ({ trace }) => {
    const plain = trace;
    const run = async (name: string, posts: readonly string[], lookup: typeof trace) => {
      for (const text of posts) await lookup({ text }, "dm");
      const times: number[] = [];
      for (const text of posts) {
        const t0 = performance.now();
        await lookup({ text }, "dm");
        times.push(performance.now() - t0);
      }
      report[name] = { p50: quantile(times, 0.5), p95: quantile(times, 0.95), posts: posts.length };
      process.stderr.write(`${name}: p50 ${report[name].p50.toFixed(1)} ms\n`);
    };
    await run("foreign, no translator", foreign, plain);
    await run("english, no translator", english, plain);
    await withTranslator(records, translator, async (translated) => {
      await run("foreign, with translator", foreign, translated);
      await run("english, with translator", english, translated);
    });
  });
  await translator.close();
  process.stdout.write(`${JSON.stringify({ engine: translator.engine, indexed: records.length, report }, null, 2)}\n`);
}

/** The same pipeline with a translator, on a second index of the same records (eval-index builds one per call). */
async function withTranslator(
  records: Parameters<typeof withEvalIndex>[0],
  translator: Translator,
  run: (lookup: ReturnType<typeof createLookupTrace>) => Promise<void>,
): Promise<void> {
  await withEvalIndex(records, { translator }, async ({ trace }) => run(trace));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
