import type { EngineWord } from "./engine-pool.ts";

/** Words read with a lower confidence (0..100) are dropped: on photos without text the engine "reads" noise at 10–40. */
export const MIN_WORD_CONFIDENCE = 60;
/** Fewer letters or digits than this in the kept words means "no text found". */
export const MIN_TEXT_CHARS = 4;

const HANGUL = /\p{Script=Hangul}/u;
const LATIN = /\p{Script=Latin}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * Tesseract's Korean model often spaces out the syllables of one word ("우 크 라 이 나 에"): a run of three or more
 * single Hangul syllables separated by single spaces is joined back into one word.
 */
export function joinSpacedHangul(line: string): string {
  return line.replace(/(?:^|(?<= ))\p{Script=Hangul}(?: \p{Script=Hangul}(?= |$)){2,}/gu, (run) => run.replaceAll(" ", ""));
}

/** `ko` when Hangul letters outnumber Latin ones, `en` for mostly Latin text, `und` otherwise. */
export function scriptLanguage(text: string): string {
  let hangul = 0;
  let latin = 0;
  for (const ch of text) {
    if (HANGUL.test(ch)) hangul++;
    else if (LATIN.test(ch)) latin++;
  }
  if (hangul === 0 && latin === 0) return "und";
  return hangul >= latin ? "ko" : "en";
}

/** The engine's words as text: confident words that hold a letter or digit, lines kept, spaced Hangul joined. */
export function wordsToText(words: readonly EngineWord[]): { text: string; confidence: number } {
  const kept = words.filter((w) => w.confidence >= MIN_WORD_CONFIDENCE && LETTER_OR_DIGIT.test(w.text));
  const letters = kept.reduce((n, w) => n + [...w.text].filter((c) => LETTER_OR_DIGIT.test(c)).length, 0);
  if (letters < MIN_TEXT_CHARS) return { text: "", confidence: 0 };
  const lines = new Map<number, string[]>();
  for (const word of kept) lines.set(word.line, [...(lines.get(word.line) ?? []), word.text.trim()]);
  const text = [...lines.values()].map((ws) => joinSpacedHangul(ws.filter(Boolean).join(" "))).join("\n");
  const confidence = Math.round(kept.reduce((s, w) => s + w.confidence, 0) / kept.length);
  return { text, confidence };
}
