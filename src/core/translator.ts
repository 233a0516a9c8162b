/**
 * The translation port: a post's text in its language → English text. The query plan searches with the original
 * and with the translation, and the features compare the translation with each fact-check's claim, so a Spanish or
 * Korean post can find a fact-check written in English. Implemented in src/translate/ (Apertium's command line, a
 * LibreTranslate-compatible HTTP API); the composition root picks one from the configuration, or none.
 */
export interface Translator {
  /** Short engine name for logs, doctor and the lookup's trace, e.g. `apertium`, `libretranslate`. */
  readonly engine: string;
  /**
   * Whether `source` (a BCP-47 primary subtag such as `es`, `ko`) can be translated into English. Cheap and
   * synchronous: the lookup asks before every translation.
   */
  supports(source: string): boolean;
  /**
   * Translates `text` from `source` into English. Resolves `null` when it cannot (language not supported, engine
   * down or too slow, circuit open): the lookup then goes on without a translation. Never rejects.
   */
  toEnglish(text: string, source: string): Promise<string | null>;
  /** Stops engine processes and timers. Safe to call twice. */
  close(): Promise<void>;
}

/** The language every translation goes into: most fact-checks are written in English. */
export const TRANSLATION_TARGET = "en";

/** Texts longer than this are cut before translation (bounded cost per post; a claim fits well within it). */
export const MAX_TRANSLATION_CHARS = 2000;

/** Whether a text in `language` (a primary subtag) goes to the translator: known, not English, and taken by it. */
export function translatable(translator: Translator, language: string): boolean {
  return language !== "und" && language !== TRANSLATION_TARGET && translator.supports(language);
}

/** The engine's answer as a usable English wording of `source`, or null (nothing, blank, or the source unchanged). */
export function usableTranslation(source: string, english: string | null): string | null {
  const text = english?.trim();
  return text && text !== source.trim() ? text : null;
}
