import { primaryLanguage } from "./language.ts";
import type { Logger } from "./logger.ts";
import { englishPlaceNames, placeKeys } from "./place-names.ts";
import { preparePost, type PreparedPost } from "./prepare.ts";
import { MAX_TRANSLATION_CHARS, TRANSLATION_TARGET, translatable, usableTranslation, type Translator } from "./translator.ts";

/** A post's English translation, prepared like a post (the query plan and the features read it). */
export interface PostTranslation {
  prepared: PreparedPost;
  /** Primary subtag of the post's language, e.g. `es`. */
  from: string;
  engine: string;
  /** English names of the countries and regions the original post names that the translation lacks (garbled or left out). */
  placeNames: string[];
}

/**
 * Translates a prepared post into English when a translator is given, the post's language is known, not English,
 * and supported. `null` otherwise, and when the engine gives nothing usable: the lookup goes on without it.
 */
export async function translatePost(
  translator: Translator | undefined,
  prepared: PreparedPost,
  logger: Logger,
): Promise<PostTranslation | null> {
  if (!translator) return null;
  const from = primaryLanguage(prepared.language);
  if (prepared.text.trim() === "" || !translatable(translator, from)) return null;
  const source = prepared.text.slice(0, MAX_TRANSLATION_CHARS);
  let english: string | null;
  try {
    english = await translator.toEnglish(source, from);
  } catch (error) {
    // The port promises never to reject; a broken implementation must still not cost the answer.
    logger.warn("translation failed", { engine: translator.engine, from, error: error instanceof Error ? error.name : "unknown" });
    english = null;
  }
  const usable = usableTranslation(source, english);
  if (!usable) return null;
  return {
    prepared: preparePost({ text: usable, lang: TRANSLATION_TARGET }),
    from,
    engine: translator.engine,
    placeNames: englishPlaceNames(source, placeKeys(usable)),
  };
}
