import { detectLanguage, primaryLanguage } from "../core/language.ts";
import { silentLogger, type Logger } from "../core/logger.ts";
import { ALT_CLAIMS_LIMIT } from "../core/factcheck.ts";
import { MAX_TRANSLATION_CHARS, translatable, usableTranslation, type Translator } from "../core/translator.ts";
import type { ProgressSink } from "./progress.ts";
import type { Candidate, ParsedSource } from "./types.ts";

/** Translations in flight at once while importing (the engine's own pipeline or server does the rest). */
export const INGEST_TRANSLATION_CONCURRENCY = 4;

/** What `--translate` did, for the summary line. */
export interface TranslateTally {
  /** Records whose claim is in a language the translator takes (and not English). */
  eligible: number;
  /** English wordings added as `altClaims`. */
  translated: number;
  /** Engine gave nothing (down, too slow, refused). */
  failed: number;
}

export interface TranslateClaimsOptions {
  progress?: ProgressSink;
  logger?: Logger;
}

/** The claim and language of a candidate record, when it has a claim worth translating. */
function claimOf(candidate: Candidate): { claim: string; language: string } | undefined {
  const record = candidate.record as { claim?: unknown; language?: unknown };
  if (typeof record.claim !== "string" || record.claim.trim() === "") return undefined;
  const language = primaryLanguage(typeof record.language === "string" && record.language ? record.language : detectLanguage(record.claim));
  return { claim: record.claim, language };
}

/**
 * `claimbot ingest --translate`: the sources as they are, except that the claim of every non-English fact-check
 * the translator takes gets its English translation as another wording (`altClaims`), so an English post finds a
 * Spanish or Korean fact-check the way a Korean post finds the seed's English one through its Korean wordings.
 * A translation that fails leaves the record as it was (counted in `tally.failed`).
 */
export function translateClaims(
  sources: AsyncIterable<ParsedSource> | Iterable<ParsedSource>,
  translator: Translator,
  tally: TranslateTally,
  options: TranslateClaimsOptions = {},
): AsyncIterable<ParsedSource> {
  const logger = options.logger ?? silentLogger;
  let seen = 0;
  let done = 0;
  return {
    async *[Symbol.asyncIterator]() {
      for await (const source of sources) {
        seen += source.records.length;
        options.progress?.setTotal(seen);
        let next = 0;
        const worker = async () => {
          while (next < source.records.length) {
            const candidate = source.records[next++]!;
            const found = claimOf(candidate);
            if (found && translatable(translator, found.language)) {
              tally.eligible++;
              const english = usableTranslation(found.claim, await translator.toEnglish(found.claim.slice(0, MAX_TRANSLATION_CHARS), found.language));
              if (english) {
                const record = candidate.record as { altClaims?: unknown };
                const alt = Array.isArray(record.altClaims) ? (record.altClaims as unknown[]) : [];
                if (!alt.includes(english) && alt.length < ALT_CLAIMS_LIMIT) record.altClaims = [...alt, english];
                tally.translated++;
              } else tally.failed++;
            }
            options.progress?.update(++done);
          }
        };
        await Promise.all(Array.from({ length: INGEST_TRANSLATION_CONCURRENCY }, worker));
        yield source;
      }
      options.progress?.stop();
      logger.info("ingest translations", { ...tally, engine: translator.engine });
    },
  };
}
