import { CJK_CHAR_CLASS } from "./text.ts";
import { trigramDetector } from "./trigram-language.ts";

/** Below this many letters, trigram statistics say nothing: the language stays `und`. */
export const MIN_LATIN_LETTERS_FOR_DETECTION = 12;
/** Only this many characters are looked at (detection cost stays flat on huge posts). */
export const LANGUAGE_SAMPLE_CHARS = 2000;
/** Trigram detection looks at this many characters at most (its cost grows with the length). */
const TRIGRAM_SAMPLE_CHARS = 400;

/** ISO 639-3 codes franc returns → BCP-47 (two letters where one exists). Others pass through as 639-3. */
const ISO3_TO_BCP47: Readonly<Record<string, string>> = {
  eng: "en", spa: "es", por: "pt", fra: "fr", deu: "de", ita: "it", nld: "nl", pol: "pl", ron: "ro",
  ind: "id", zlm: "ms", tgl: "tl", vie: "vi", tur: "tr", swe: "sv", dan: "da", nob: "no", fin: "fi",
  hun: "hu", ces: "cs", slk: "sk", hrv: "hr", srp: "sr", bos: "bs", slv: "sl", rus: "ru", ukr: "uk",
  bul: "bg", ell: "el", arb: "ar", pes: "fa", urd: "ur", hin: "hi", ben: "bn", tam: "ta", tel: "te",
  mar: "mr", guj: "gu", kan: "kn", mal: "ml", pan: "pa", tha: "th", swh: "sw", hau: "ha", yor: "yo",
  ibo: "ig", som: "so", amh: "am", uzn: "uz", azj: "az", kaz: "kk", cat: "ca", heb: "he", lit: "lt",
  lav: "lv", est: "et", zul: "zu", xho: "xh", afr: "af", nep: "ne", sin: "si", khm: "km", mya: "my",
};

/** The languages franc may answer (fewer candidates: faster and fewer wild guesses on short posts). */
export const DETECTED_LANGUAGES = Object.keys(ISO3_TO_BCP47);

/** franc-min's answer for a Latin (or other non-CJK) sample, computed faster (src/core/trigram-language.ts). */
const trigramLanguage = trigramDetector({ minLength: MIN_LATIN_LETTERS_FOR_DETECTION, only: DETECTED_LANGUAGES });

const HANGUL = /\p{Script=Hangul}/gu;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const HAN = /\p{Script=Han}/gu;
const LETTER = /\p{L}/gu;
const CJK_CHARS = new RegExp(CJK_CHAR_CLASS, "gu");

function count(text: string, pattern: RegExp): number {
  // `match` lists the matched strings (one-character strings come from V8's cache); `matchAll` built a match array
  // with its index and input for every letter of the post.
  return text.match(pattern)?.length ?? 0;
}

/**
 * Detects the language of a text as a BCP-47 tag, or `und` when unsure.
 * Hangul, Kana and Han are told apart by script (trigram models are poor on short CJK posts): any Kana → `ja`,
 * Hangul → `ko`, Han only → `zh`. Latin and other scripts go to franc-min's trigram models (`trigramDetector`).
 */
export function detectLanguage(text: string): string {
  const sample = text.slice(0, LANGUAGE_SAMPLE_CHARS);
  const letters = count(sample, LETTER);
  if (letters === 0) return "und";
  const hangul = count(sample, HANGUL);
  const kana = count(sample, KANA);
  const han = count(sample, HAN);
  const cjk = hangul + kana + han;
  if (cjk / letters >= 0.3) {
    if (kana > 0 && kana >= hangul) return "ja";
    if (hangul > 0) return "ko";
    return "zh";
  }
  const rest = sample.replace(CJK_CHARS, " ");
  if (letters - cjk < MIN_LATIN_LETTERS_FOR_DETECTION) return "und";
  const iso3 = trigramLanguage(rest.slice(0, TRIGRAM_SAMPLE_CHARS));
  if (iso3 === "und") return "und";
  return ISO3_TO_BCP47[iso3] ?? iso3;
}

/** The primary subtag of a BCP-47 tag, lower-cased (`zh-TW` → `zh`). */
export function primaryLanguage(tag: string | undefined): string {
  return (tag ?? "und").split("-")[0]!.toLowerCase() || "und";
}
