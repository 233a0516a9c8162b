import { detectLanguage, primaryLanguage } from "./language.ts";
import { stripNoise } from "./noise.ts";
import { normalizeText, normalizeUrl, tokenize } from "./text.ts";

/** Work cap: only this much of a raw post is looked at (a 100 kB paste costs the same as a 20 kB one). */
export const MAX_RAW_POST_CHARS = 20_000;
/** The cleaned text kept for analysis and features. */
export const MAX_CLEAN_POST_CHARS = 4_000;
/** At most this many claim sentences come out of a long post. */
export const MAX_CLAIM_SENTENCES = 8;
/** At most this many URLs of a post are looked up. */
export const MAX_POST_URLS = 5;
/** A sentence with fewer word tokens is merged into its neighbour. */
const MIN_SENTENCE_TOKENS = 4;

/** A post after cleaning: what the query plan and the features read. */
export interface PreparedPost {
  /** Cleaned text (boilerplate, markup, emoji, mentions, signatures and URLs removed), case kept. */
  text: string;
  /** BCP-47 language: the caller's hint when given, else detected; `und` when unsure. */
  language: string;
  /** Normalised, de-duplicated URLs of the post (text and entities), at most `MAX_POST_URLS`. */
  urls: string[];
  /** The cleaned text split into claim sentences (at least one when `text` is not empty). */
  sentences: string[];
  /** True when the raw post was cut to `MAX_RAW_POST_CHARS`. */
  truncated: boolean;
  /** When the post was written (`YYYY-MM-DD`), when it says so (a copied tweet's signature date). */
  date?: string;
  /** Who wrote it, when it says so (a copied tweet's signature name); not part of `text`. */
  author?: string;
  /**
   * `text` without the tags after the claim (a line's closing hashtags, "via @site"), when it differs: what claim
   * identity compares. Search keeps their words ("#SandersOnAPlane" finds the Bernie Sanders fact-check), but they are
   * no slot of the claim ("… occupation at Columbia #OregonUnderAttack": Oregon is not where). Tags that open a line
   * stay: they may be its subject ("@SenWarren was arrested …").
   */
  claimText?: string;
}

const HTML_TAG = /<\/?[a-zA-Z][^<>]{0,500}>|<!--[\s\S]{0,2000}?-->/g;
const HTML_ENTITIES: Readonly<Record<string, string>> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", "#39": "'", hellip: "…", mdash: "—", ndash: "–",
};
const URL_IN_TEXT = /(?:https?:\/\/|\bwww\.)[^\s<>"'“”—–…]+|\bpic\.twitter\.com\/\w+/giu;
/** "— Name (@handle) January 14, 2020" as copied from an embedded tweet (name and date captured). */
const SIGNATURE = String.raw`\s*[—–-]{1,2}\s*([^—–\n\uE000]{0,80}?)\(@\w{1,30}\)\s*([A-Z][a-z]{2,9}\.? \d{1,2}, \d{4})?`;
/** The signature ending the post. */
const TWEET_SIGNATURE = new RegExp(`${SIGNATURE}[\\s"”\\uE000]*$`, "u");
/** The same signature ending a line inside the post (several tweets pasted one after the other). */
const TWEET_SIGNATURE_INSIDE = new RegExp(`${SIGNATURE}(?=\\s*\\uE000)`, "gu");
const BOILERPLATE_PREFIX = new RegExp(
  "^(?:\\s*(?:" +
    [
      "\\[[^\\]]{0,20}(?:breaking|urgent|just in|update|속보|긴급|단독|fwd?|forwarded)[^\\]]{0,20}\\]",
      "【[^】]{0,20}】",
      "(?:breaking(?: news)?|just in|urgent|update|developing|fwd?|forwarded(?: message)?|forwarded from [^:\\n]{1,60}|속보|긴급|단독)\\s*[:：!\\-–—|]+",
      "(?:breaking(?: news)?|forwarded(?: message)?|속보|긴급|단독)\\b",
      "rt @\\w{1,30}:?",
      "-{3,}\\s*forwarded message\\s*-{3,}",
    ].join("|") +
    "))+",
  "iu",
);
const EMOJI_RUN = /(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|[\u{1F3FB}-\u{1F3FF}\uFE0E\uFE0F\u20E3\u200D])+/gu;
const MENTION = /(^|[^\w@])@(\w{1,30})/gu;
const HASHTAG = /(^|[^\p{L}\p{N}_#&])#([\p{L}\p{N}_]{1,100})/gu;

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith("#x") || lower.startsWith("#")) {
      const code = lower.startsWith("#x") ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
      if (Number.isFinite(code) && code > 0 && code <= 0x10ffff && lower !== "#39") return String.fromCodePoint(code);
    }
    return HTML_ENTITIES[lower] ?? whole;
  });
}

/** "#DefundTheCBC" → "Defund The CBC", "#covid_19" → "covid 19". */
export function hashtagToWords(tag: string): string {
  return tag
    .replace(/_/g, " ")
    .replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2")
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, "$1 $2")
    .replace(/(\p{L})(\p{N})/gu, "$1 $2")
    .trim();
}

/** Splits a URL glued to a word ("#Tagshttps://t.co/x") and returns the clean URL list and the text without them. */
function takeUrls(text: string, extra: readonly string[]): { text: string; urls: string[] } {
  const found: string[] = [];
  const stripped = text.replace(URL_IN_TEXT, (url) => {
    found.push(url.replace(/[.,;:!?)\]}»”’]+$/u, ""));
    return " ";
  });
  const urls: string[] = [];
  const seen = new Set<string>();
  for (const raw of [...extra, ...found]) {
    if (/^pic\.twitter\.com\//i.test(raw)) continue;
    const withScheme = /^www\./i.test(raw) ? `https://${raw}` : raw;
    const key = normalizeUrl(withScheme);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    urls.push(withScheme);
    if (urls.length >= MAX_POST_URLS) break;
  }
  return { text: stripped, urls };
}

/** Cleans the text of a post; never throws. Exported for tests and for the index-side analysis of queries. */
export function cleanText(raw: string): { text: string; claimText?: string; urls: string[]; truncated: boolean; date?: string; author?: string } {
  const truncated = raw.length > MAX_RAW_POST_CHARS;
  let text = truncated ? raw.slice(0, MAX_RAW_POST_CHARS) : raw;
  text = stripNoise(decodeEntities(text.replace(HTML_TAG, " ")));
  text = normalizeText(text.replace(/\r\n?/g, "\n").replace(/\n/g, " \uE000 "));
  // A line broken inside a sentence (a screenshot's wrapping, read by OCR) continues it.
  text = text.replace(/([^\s.!?:;…"”\uE000])\s*\uE000\s*(?=\p{Ll})/gu, "$1 ");
  const taken = takeUrls(text, []);
  text = taken.text;
  let date: string | undefined;
  let author: string | undefined;
  text = text.replace(EMOJI_RUN, " ").replace(/\s+$/u, "");
  text = text.replace(TWEET_SIGNATURE, (_w, name: string, written?: string) => {
    author = name.replace(EMOJI_RUN, " ").trim() || undefined;
    const ms = written ? Date.parse(`${written} UTC`) : NaN;
    if (Number.isFinite(ms)) date = new Date(ms).toISOString().slice(0, 10);
    return "";
  });
  text = text.replace(TWEET_SIGNATURE_INSIDE, " ");
  const tagged = text;
  text = finishText(tagsToWords(tagged));
  // Cleaned a second time only when there are closing tags to leave out (most posts have none).
  const untagged = tagged.split("\uE000").map(withoutClosingTags).join("\uE000");
  const claimText = untagged === tagged ? text : finishText(tagsToWords(untagged));
  return {
    text,
    ...(claimText !== text && claimText ? { claimText } : {}),
    urls: taken.urls,
    truncated,
    ...(date ? { date } : {}),
    ...(author ? { author } : {}),
  };
}

/** Handles and hashtags as words: a handle often names who the claim is about (@BernieSanders → "Bernie Sanders"). */
function tagsToWords(text: string): string {
  return text
    .replace(MENTION, (_w, pre: string, handle: string) => `${pre} ${hashtagToWords(handle)} `)
    .replace(HASHTAG, (_w, pre: string, tag: string) => `${pre}${hashtagToWords(tag)}`);
}

const CLOSING_TAGS = /(?:\s*#[\p{L}\p{N}_]{1,100}[\s,.;!?…]*)+$/u;
const VIA_HANDLE = /\b(?:via|by|h\/t)\s+@\w{1,30}/giu;

/** One line without the tags after its words: closing hashtags, "via @site". */
function withoutClosingTags(line: string): string {
  const inner = line.replace(VIA_HANDLE, " ").replace(CLOSING_TAGS, " ");
  // A line that is only tags keeps them (they may be all the post says).
  return /[\p{L}\p{N}]/u.test(inner) ? inner : line;
}

/** The last steps of cleaning: spaces, boilerplate openings, line breaks, the length cap. */
function finishText(raw: string): string {
  let text = raw.replace(/\s+/g, " ").trim();
  let previous: string;
  do {
    previous = text;
    text = text.replace(BOILERPLATE_PREFIX, "").replace(/^[\s\uE000:：\-–—|>»*]+/u, "").trim();
  } while (text !== previous);
  text = text.replace(/(?:\s*\uE000\s*)+/g, "\n").replace(/[ \t]+/g, " ").trim();
  return text.length > MAX_CLEAN_POST_CHARS ? text.slice(0, MAX_CLEAN_POST_CHARS) : text;
}

const segmenters = new Map<string, Intl.Segmenter>();

/** Sentence segmenters are costly to build (about a millisecond): one per locale, kept. */
function sentenceSegmenter(locale: string): Intl.Segmenter {
  let segmenter = segmenters.get(locale);
  if (!segmenter) {
    try {
      segmenter = new Intl.Segmenter(locale, { granularity: "sentence" });
    } catch {
      segmenter = new Intl.Segmenter("en", { granularity: "sentence" });
    }
    if (segmenters.size < 50) segmenters.set(locale, segmenter);
  }
  return segmenter;
}

/** Splits cleaned text into claim sentences; short fragments join their neighbour. */
export function splitSentences(text: string, language: string): string[] {
  const locale = language === "und" ? "en" : primaryLanguage(language);
  const segmenter = sentenceSegmenter(locale);
  const pieces: string[] = [];
  for (const line of text.split("\n")) {
    for (const { segment } of segmenter.segment(line)) {
      const s = segment.trim();
      if (s) pieces.push(s);
    }
  }
  const merged: string[] = [];
  for (const piece of pieces) {
    const last = merged[merged.length - 1];
    if (last !== undefined && tokenize(last).length < MIN_SENTENCE_TOKENS) merged[merged.length - 1] = `${last} ${piece}`;
    else merged.push(piece);
  }
  const lastTwo = merged.length >= 2 ? merged[merged.length - 1]! : undefined;
  if (lastTwo !== undefined && tokenize(lastTwo).length < MIN_SENTENCE_TOKENS) {
    merged.pop();
    merged[merged.length - 1] = `${merged[merged.length - 1]!} ${lastTwo}`;
  }
  return merged.filter((s) => tokenize(s).length > 0).slice(0, MAX_CLAIM_SENTENCES);
}

/** Prepares a post: clean, set URLs aside, detect the language, split into claim sentences. Never throws. */
export function preparePost(input: { text: string; urls?: readonly string[]; lang?: string }): PreparedPost {
  const cleaned = cleanText(typeof input.text === "string" ? input.text : "");
  const extra = (input.urls ?? []).filter((u): u is string => typeof u === "string" && u.length < 2048);
  const urls = takeUrls(extra.join(" "), []).urls;
  for (const url of cleaned.urls) {
    if (urls.length >= MAX_POST_URLS) break;
    if (!urls.some((u) => normalizeUrl(u) === normalizeUrl(url))) urls.push(url);
  }
  const hint = input.lang && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(input.lang) ? input.lang : undefined;
  const language = hint ?? detectLanguage(cleaned.text);
  const text = tokenize(cleaned.text).length > 0 ? cleaned.text : "";
  const claimText = text && cleaned.claimText && tokenize(cleaned.claimText).length > 0 ? cleaned.claimText : undefined;
  return {
    text,
    language,
    urls,
    sentences: text ? splitSentences(text, language) : [],
    truncated: cleaned.truncated,
    ...(claimText ? { claimText } : {}),
    ...(cleaned.date ? { date: cleaned.date } : {}),
    ...(cleaned.author ? { author: cleaned.author } : {}),
  };
}
