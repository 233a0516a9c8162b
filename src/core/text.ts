/**
 * Text analysis shared by the embedded index and the query plan, so both see the same words.
 * Space-separated scripts are split into lower-cased words; runs of Han, Hiragana/Katakana and Hangul are kept as
 * runs and, for indexing, turned into overlapping character bigrams (the CJK analyser Lucene uses), because Korean
 * particles stay attached to words and Chinese/Japanese have no spaces.
 */

const ZERO_WIDTH = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF\u00AD]/g;
/** A character of a CJK script (Han, Hiragana, Katakana, Hangul), as a character class of a `u` regular expression. */
export const CJK_CHAR_CLASS = "[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}]";
const CJK_CHAR = new RegExp(CJK_CHAR_CLASS, "u");
/** A CJK run or a word (apostrophes inside kept); global, so use it with `match`, `matchAll` or `replace` only (not `test`/`exec`). */
export const TOKEN = new RegExp(`${CJK_CHAR_CLASS}+|[\\p{L}\\p{N}][\\p{L}\\p{N}\\p{M}'’]*`, "gu");

/** Printable ASCII with tabs and line breaks (the control characters `normalizeText` keeps, as whitespace). */
const PLAIN_ASCII = /^[\x20-\x7e\t\n\r]*$/;

/** NFKC, zero-width and control characters removed, whitespace folded. Keeps case. */
export function normalizeText(text: string): string {
  // Printable ASCII is its own NFKC form and holds no zero-width or control character: only whitespace to fold (tabs
  // and line breaks included: a record's summary and claimant are joined by one, issue 15).
  if (PLAIN_ASCII.test(text)) return (FOLDABLE_SPACE.test(text) ? text.replace(/\s+/g, " ") : text).trim();
  const cleaned = text
    .normalize("NFKC")
    .replace(ZERO_WIDTH, "")
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, " ");
  // Folding is a no-op (and costs a copy) unless there is whitespace other than single plain spaces.
  return (FOLDABLE_SPACE.test(cleaned) ? cleaned.replace(/\s+/g, " ") : cleaned).trim();
}

/** Two whitespace characters in a row, or one that is not a plain space: what `\s+` → " " changes. */
const FOLDABLE_SPACE = /\s\s|[^\S ]/;

export function isCjk(token: string): boolean {
  return CJK_CHAR.test(token);
}

const STARTS_CJK = new RegExp(`^${CJK_CHAR_CLASS}`, "u");

/**
 * Whether a token of `tokenize` is a CJK run (every character CJK), not a word with CJK characters in it ("abc中文"):
 * `TOKEN` tries a run first at each position, so a token that starts with a CJK character is a run.
 */
export function isCjkRun(token: string): boolean {
  return STARTS_CJK.test(token);
}

/**
 * Lower-cased word tokens in order. Apostrophes inside words are dropped ("don't" → "dont"), so "didn’t" and
 * "didnt" meet. CJK runs come out whole (see `cjkBigrams`).
 */
export function tokenize(text: string): string[] {
  return tokenizeNormalized(normalizeText(text));
}

const APOSTROPHE = /['’]/;

/** `tokenize` of a text already through `normalizeText` (skips normalising it again; same tokens). */
export function tokenizeNormalized(normalized: string): string[] {
  // `match` with the global pattern lists the matched strings without a match array per word (`matchAll` made one).
  const raws = normalized.toLowerCase().match(TOKEN) ?? [];
  // No apostrophe anywhere: every token is as matched (never empty: a token starts with a letter or digit).
  if (!APOSTROPHE.test(normalized)) return raws;
  const out: string[] = [];
  for (const raw of raws) {
    const token = raw.includes("'") || raw.includes("’") ? raw.replace(/['’]/g, "") : raw;
    if (token) out.push(token);
  }
  return out;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Overlapping character bigrams of a CJK run; a single character stays itself. */
export function cjkBigrams(run: string): string[] {
  // Without astral characters a code unit is a character: each bigram is one slice (`Array.from` made a string per
  // character first, then one per bigram; issue 15).
  if (!SURROGATE.test(run)) {
    if (run.length < 2) return run.length === 0 ? [] : [run];
    const grams = new Array<string>(run.length - 1);
    for (let i = 0; i + 1 < run.length; i++) grams[i] = run.slice(i, i + 2);
    return grams;
  }
  const chars = Array.from(run);
  if (chars.length < 2) return chars;
  const grams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i]! + chars[i + 1]!);
  return grams;
}

/**
 * The index-side form of a text: words, with CJK runs expanded to bigrams, space-joined. Stored in the FTS column
 * and tokenised there by `unicode61`, which splits on the spaces we put.
 */
export function indexForm(text: string): string {
  const parts: string[] = [];
  for (const token of tokenize(text)) {
    if (isCjk(token)) parts.push(...cjkBigrams(token));
    else parts.push(token);
  }
  return parts.join(" ");
}

/** Small English stop-word list: words that carry no claim. Other languages rely on IDF. */
export const EN_STOPWORDS: ReadonlySet<string> = new Set(
  (
    "a an the and or but if then else of to in on at by for with from as is are was were be been being am do does " +
    "did doing have has had having it its this that these those there here i me my we our you your he him his she " +
    "her they them their what which who whom whose when where why how all any both each few more most other some " +
    "such no nor not only own same so than too very can will just should would could may might must shall also " +
    "about into over under again further once up down out off above below between through during before after " +
    "while because until against per via rt amp https http www com t co pic twitter status"
  ).split(" "),
);

/** Query parameters that only track where a link was shared from. */
const TRACKING_PARAMETER = /^(utm_|fbclid$|gclid$|igshid$|si$|ref$|ref_src$|s$|feature$)/i;

/** Folds a URL for equality: lower-case host without `www.`, no fragment, no tracking parameters, no trailing `/`. */
export function normalizeUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const host = url.hostname.toLowerCase().replace(/^www\.|^m\./, "");
  const path = url.pathname.replace(/\/+$/, "");
  // The fragment is not part of the result (no need to clear it), and a URL with no query has no parameters to
  // drop: most review and post URLs skip `searchParams` (issue 15: ~0.5 µs of ~1 µs a URL, three URLs a record).
  if (url.search === "") return `${host}${path}`;
  for (const key of [...url.searchParams.keys()]) {
    if (TRACKING_PARAMETER.test(key)) url.searchParams.delete(key);
  }
  const query = url.searchParams.toString();
  return `${host}${path}${query ? `?${query}` : ""}`;
}

/** True for an absolute http(s) URL. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}
