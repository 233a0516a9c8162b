import type { Logger } from "../core/logger.ts";
import { LruMap } from "../core/lru.ts";
import type { Translator } from "../core/translator.ts";
import { CircuitBreaker } from "../search/resilience.ts";
import { isEngineFailure, TranslateFailure } from "./translate-failure.ts";

/** One translation engine, without deadline, cache or breaker (Apertium's pipeline, a LibreTranslate server). */
export interface TranslationEngine {
  readonly engine: string;
  /** Whether the engine translates `source` (BCP-47 primary subtag) into English. Synchronous and cheap. */
  supports(source: string): boolean;
  /** Resolves once the engine can answer `source` quickly (process started, languages read); bounded by the engine. */
  ready?(source: string): Promise<void>;
  /** English text of `text`; throws `TranslateFailure`. Gives up when `signal` aborts. */
  translate(text: string, source: string, signal: AbortSignal): Promise<string>;
  close(): Promise<void>;
}

export interface ResilientTranslatorOptions {
  /** Deadline of one translation, in milliseconds (the engine's start-up is not counted). */
  timeoutMs: number;
  /** Translations kept in memory (the same viral post is translated once). */
  cacheEntries: number;
  /** Consecutive failed translations that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit answers `null` at once before letting a probe through, in milliseconds. */
  coolDownMs: number;
  logger: Logger;
  now?: () => number;
}

export const TRANSLATOR_DEFAULTS = { cacheEntries: 2000, failureThreshold: 5, coolDownMs: 15_000 } as const;

/** A translator that also answers how its engine is doing (doctor, tests). */
export interface ResilientTranslator extends Translator {
  readonly breaker: CircuitBreaker;
  readonly cacheSize: number;
}

/**
 * Wraps an engine with a deadline per translation, a cache of recent translations and a circuit breaker like the
 * search backend's: after `failureThreshold` engine failures in a row it answers `null` at once for `coolDownMs`,
 * then lets a probe through. Never rejects; a failure costs the post its translation, not its answer.
 */
export function resilientTranslator(engine: TranslationEngine, options: ResilientTranslatorOptions): ResilientTranslator {
  const breaker = new CircuitBreaker(options, options.now ?? Date.now);
  const cache = new LruMap<string, string>(options.cacheEntries);
  const logger = options.logger;
  let authWarned = false;
  return {
    engine: engine.engine,
    breaker,
    get cacheSize() {
      return cache.size;
    },
    supports: (source) => engine.supports(source),
    async toEnglish(text, source) {
      if (!engine.supports(source)) return null;
      const key = `${source}\u0000${text}`;
      const hit = cache.get(key);
      if (hit !== undefined) return hit;
      if (!breaker.tryPass()) return null;
      const started = Date.now();
      try {
        await engine.ready?.(source);
        const english = await withDeadline((signal) => engine.translate(text, source, signal), options.timeoutMs);
        const previous = breaker.onSuccess();
        if (previous !== "closed") logger.info("translator circuit closed", { engine: engine.engine });
        cache.set(key, english);
        logger.debug("translated", { engine: engine.engine, from: source, textLength: text.length, tookMs: Date.now() - started });
        return english;
      } catch (error) {
        const failure = error instanceof TranslateFailure ? error : new TranslateFailure("network");
        if (!isEngineFailure(failure.kind)) {
          breaker.release();
          if (failure.kind === "auth" && !authWarned) {
            authWarned = true;
            logger.error("translator refused the key", { engine: engine.engine, status: failure.status, fix: "check TRANSLATE_API_KEY" });
          } else logger.debug("translation refused", { engine: engine.engine, from: source, status: failure.status });
          return null;
        }
        const state = breaker.onFailure();
        logger.warn("translation failed", { engine: engine.engine, from: source, kind: failure.kind, status: failure.status });
        if (state === "open") logger.error("translator circuit open", { engine: engine.engine, coolDownMs: options.coolDownMs });
        return null;
      }
    },
    close: () => engine.close(),
  };
}

/** Calls `fn` with a signal that aborts after `ms`, and races it, so an engine that ignores the signal still ends. */
async function withDeadline<T>(fn: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new TranslateFailure("timeout"));
    }, ms);
  });
  try {
    return await Promise.race([fn(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}
