import { readFileSync } from "node:fs";
import { readModel } from "./model/read.ts";
import { dropPossessives, QUERY_STOPWORDS } from "./query-plan.ts";
import { EN_STOPWORDS, normalizeText, TOKEN } from "./text.ts";

/**
 * Entity mentions of a text, for the claim-identity comparison: who, where and what a claim is about. No model can be
 * downloaded, so mentions come from casing in the text (names written with a capital mid-sentence) and from the
 * gazetteer (src/core/model/gazetteer.json, built by scripts/build-gazetteer.ts): country names, demonyms and
 * localised names (ISO code as key, so "North Korean" = "North Korea" = "북한"), US states, and name words mined from
 * the cased collections (so lower-cased claims such as "nancy pelosi was arrested" still show their names).
 */
export type EntityKind = "person" | "organisation" | "place" | "country" | "name";

/** One mention: its kind, a comparable key, its words (lower case), how it is shown, and its token range. */
export interface Mention {
  kind: EntityKind;
  /** ISO code for countries, place key for places, else the lower-cased words joined by a space. */
  key: string;
  words: string[];
  /** As written in the text (title-cased when the text was all lower case). */
  text: string;
  /** Token range [from, to) in `IdentityTokens.tokens`. */
  from: number;
  to: number;
}

/** A token of a text with its casing facts. */
export interface IdentityToken {
  raw: string;
  lower: string;
  /** First word of a sentence (a capital there says nothing). */
  sentenceStart: boolean;
  /** Punctuation stands between this word and the one before ("Hitler, Stalin"): a name does not run across it. */
  punctBefore: boolean;
  /** Joined to the word before by a hyphen alone ("semi-automatic"): one compound word. */
  hyphenated?: boolean;
}

interface Gazetteer {
  /** Token sequence (space-joined, lower case) → [kind, key]. */
  phrases: Map<string, [EntityKind, string]>;
  /**
   * First word of a phrase → the most tokens of a phrase it opens, at most `MAX_PHRASE_TOKENS`: a word that opens none
   * is not looked up at all (issue 15: `findMentions` joined and looked up six candidate phrases a word).
   */
  phraseStarts: Map<string, number>;
  /** Hangul names (no spaces) → [kind, key], matched as word prefixes (particles follow). */
  hangul: Map<string, [EntityKind, string]>;
  words: Map<string, EntityKind>;
  /** Words that open a headline but never a name ("Confident", "Furious": model/headline-words.json). */
  headlineWords: Set<string>;
}

/** Words before a name that make it a person (not part of the name). */
export const PERSON_TITLES: ReadonlySet<string> = new Set(
  ("president sen senator rep representative gov governor mayor dr mr mrs ms judge justice secretary speaker pope prince " +
    "princess queen king pastor rev congressman congresswoman minister chancellor comedian actor actress singer rapper " +
    "star host anchor journalist reporter author professor general colonel sheriff officer chief director founder " +
    "cofounder ceo chairman billionaire activist candidate former late lady first leader minority majority whip " +
    "spokesman spokeswoman attorney ambassador commissioner deputy vice lt col gen sgt capt adm").split(" "),
);
/** Last words of institutions' names, never a surname. */
const INSTITUTION_WORDS: ReadonlySet<string> = new Set(
  ("assembly council parliament congress senate court committee commission department ministry agency university " +
    "college academy institute museum hospital foundation association corporation airlines").split(" "),
);
/** Last words of the names of places inside a state or country ("Clark County"), never a surname. */
const PLACE_WORDS: ReadonlySet<string> = new Set(["county", "parish", "borough", "township", "province"]);
/** Months as dates abbreviate them: before a day ("Jan. 22") one is a date, not a name ("Jan Brewer"). */
const MONTH_ABBREVIATIONS: ReadonlySet<string> = new Set("jan feb mar apr jun jul aug sep sept oct nov dec".split(" "));
/** Stop words for search (tweets' URLs and signatures are full of them) that still name something in a claim. */
const SEARCH_ONLY_STOPWORDS: ReadonlySet<string> = new Set(["twitter"]);
/** A stop word for the claim comparison: one of search's, unless it can name something ("Twitter"). */
export const isStopWord = (w: string): boolean => EN_STOPWORDS.has(w) && !SEARCH_ONLY_STOPWORDS.has(w);
/** Capitalised for other reasons than being a name. */
const NOT_NAMES: ReadonlySet<string> = new Set(
  "i breaking news update urgent video photo photos image watch wow omg lol fake true false share please forwarded viral report reports claim claims says said new just read look hey yes no god".split(" ").concat(
    "january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday".split(" "),
  ),
);
/** A text of at least this many words without a capital inside a sentence is taken as lower-cased. */
const LOWER_CASED_MIN_WORDS = 6;
/** A run of this many capitalised words is a headline, not a name ("Alexandria Ocasio Cortez" has three). */
const HEADLINE_MIN_WORDS = 4;
/** A Hangul word is a name plus at most this many characters of particle ("북한이", "우크라이나에"). */
const MAX_PARTICLE_CHARS = 2;

const HANGUL = /^\p{Script=Hangul}+$/u;

/** Gazetteer phrases are matched up to this many tokens (longer ones are never found). */
const MAX_PHRASE_TOKENS = 6;

let cached: Gazetteer | undefined;

/** The shipped gazetteer, loaded once (an empty one when the file is missing: casing alone then finds names). */
export function gazetteer(): Gazetteer {
  if (cached) return cached;
  const g: Gazetteer = { phrases: new Map(), phraseStarts: new Map(), hangul: new Map(), words: new Map(), headlineWords: new Set() };
  try {
    const file = JSON.parse(readFileSync(new URL("./model/gazetteer.json", import.meta.url), "utf8")) as {
      phrases: Record<string, [EntityKind, string]>;
      words: Record<string, EntityKind>;
    };
    for (const [phrase, value] of Object.entries(file.phrases)) {
      const tokens = wordsOf(phrase).map((t) => t.lower);
      if (tokens.length === 0) continue;
      if (tokens.length === 1 && HANGUL.test(tokens[0]!)) g.hangul.set(tokens[0]!, value);
      g.phrases.set(tokens.join(" "), value);
      g.phraseStarts.set(tokens[0]!, Math.max(g.phraseStarts.get(tokens[0]!) ?? 0, Math.min(tokens.length, MAX_PHRASE_TOKENS)));
    }
    for (const [word, kind] of Object.entries(file.words)) g.words.set(word, kind);
  } catch {
    /* no gazetteer: casing only */
  }
  // No list: a capitalised pair opening a sentence is a name.
  g.headlineWords = new Set(readModel<{ words: string }>("headline-words.json")?.words.split(" ") ?? []);
  return (cached = g);
}

function wordsOf(text: string): IdentityToken[] {
  const norm = normalizeText(dropPossessives(text));
  const out: IdentityToken[] = [];
  let previousEnd = 0;
  for (const m of norm.matchAll(TOKEN)) {
    const raw = m[0].replace(/['’]/g, "");
    if (!raw) continue;
    const before = norm.slice(Math.max(0, m.index! - 4), m.index!);
    const gap = norm.slice(previousEnd, m.index!);
    previousEnd = m.index! + m[0].length;
    // A number is one word: "2.5" (not "2" and "5"), "1,000" (1000).
    const last = out.at(-1);
    if (last && /^\d+(?:\.\d+)?$/.test(last.raw) && /^\d/.test(raw)) {
      const decimal = gap === "." && /^\d+$/.test(raw) && !last.raw.includes(".");
      const thousands = gap === "," && /^\d{3}(?!\d)/.test(raw) && !last.raw.includes(".");
      if (decimal || thousands) {
        last.raw = decimal ? `${last.raw}.${raw}` : `${last.raw}${raw}`;
        last.lower = last.raw.toLowerCase();
        continue;
      }
    }
    out.push({
      raw,
      lower: raw.toLowerCase(),
      sentenceStart: out.length === 0 || /(?:[.!?:"“»]|\n)\s*$/u.test(before),
      punctBefore: /[,;:()"“”/|!?.]/u.test(gap),
      ...(out.length > 0 && /^[-‐‑]$/u.test(gap) ? { hyphenated: true } : {}),
    });
  }
  return out;
}

/** Tokens of a text and whether its capitals can be read as names. */
export interface IdentityTokens {
  tokens: IdentityToken[];
  /** False for shouting, Headline Case and all-lower-case texts: then only the gazetteer finds names. */
  casingTrusted: boolean;
}

export function identityTokens(text: string): IdentityTokens {
  const tokens = wordsOf(text);
  const alpha = tokens.filter((t) => /^\p{L}/u.test(t.raw) && !HANGUL.test(t.raw) && !/^\p{Script=Han}/u.test(t.raw));
  const capital = alpha.filter((t) => /^\p{Lu}/u.test(t.raw)).length;
  const midCapital = alpha.filter((t) => !t.sentenceStart && /^\p{Lu}/u.test(t.raw)).length;
  const shouting = alpha.filter((t) => t.raw.length > 1 && t.raw === t.raw.toUpperCase()).length;
  // A text whose only capitals open its sentences is lower-cased ("An atlanta motel 6 outlet…"): its lower-case
  // words may be names.
  const lowerCased = midCapital === 0 && alpha.length >= LOWER_CASED_MIN_WORDS;
  const casingTrusted = !lowerCased && alpha.length > 0 && capital > 0 && capital <= 0.6 * alpha.length && shouting <= 0.5 * alpha.length;
  return { tokens, casingTrusted };
}

/** Names as a reply shows them: "malia obama" → "Malia Obama" (capitals already written are kept). */
const titleCase = (s: string) => s.replace(/(^|\s)(\p{Ll})/gu, (_w, pre: string, c: string) => pre + c.toUpperCase());

/** True when a word could be part of a name given its casing. */
function capitalisedName(t: IdentityToken, next: IdentityToken | undefined, trusted: boolean): boolean {
  if (!trusted || !/^\p{Lu}/u.test(t.raw) || /^\d/.test(t.raw)) return false;
  // A word in capitals inside a normal sentence is emphasis ("SECOND HAND INFORMATION"), or an acronym the
  // gazetteer knows.
  if (t.raw.length > 1 && t.raw === t.raw.toUpperCase()) return false;
  if (isStopWord(t.lower) || NOT_NAMES.has(t.lower) || PERSON_TITLES.has(t.lower)) return false;
  if (!t.sentenceStart) return true;
  // At a sentence start a capital proves nothing, unless the next word is capitalised too ("Melania Trump was…") and
  // this one is no headline's adjective or adverb ("Confident Trump says …", "Furious Pelosi …").
  if (gazetteer().headlineWords.has(t.lower)) return false;
  return next !== undefined && /^\p{Lu}/u.test(next.raw) && !next.sentenceStart && !EN_STOPWORDS.has(next.lower);
}

/** The mentions of a text, left to right, none overlapping. */
export function findMentions(text: string | IdentityTokens): { tokens: IdentityToken[]; mentions: Mention[] } {
  const { tokens, casingTrusted } = typeof text === "string" ? identityTokens(text) : text;
  const g = gazetteer();
  const mentions: Mention[] = [];
  /** Where a run of capitalised words was cut before a country word (below): that word is a country. */
  let countryAt = -1;
  let i = 0;
  while (i < tokens.length) {
    // Longest gazetteer phrase first (countries, demonyms, states), among the phrases this word opens.
    let found: Mention | undefined;
    const longest = Math.min(g.phraseStarts.get(tokens[i]!.lower) ?? 0, tokens.length - i);
    const keys: string[] = [];
    for (let k = 0; k < longest; k++) keys.push(k === 0 ? tokens[i]!.lower : `${keys[k - 1]!} ${tokens[i + k]!.lower}`);
    for (let n = longest; n >= 1 && !found; n--) {
      const hit = g.phrases.get(keys[n - 1]!);
      if (!hit) continue;
      const slice = tokens.slice(i, i + n);
      // Where capitals are trusted, "turkey" and "china" written in lower case are not countries, and "Jordan" after
      // a first name is a surname (right after it: "Partnership, Australia" is a country).
      const lowerCase = casingTrusted && !/^\p{Lu}/u.test(slice[0]!.raw) && !HANGUL.test(slice[0]!.raw);
      const afterName = n === 1 && i !== countryAt && mentions.at(-1)?.to === i && !tokens[i]!.punctBefore && mentions.at(-1)?.kind !== "country" && mentions.at(-1)?.kind !== "place";
      if (!lowerCase && !afterName) found = { kind: hit[0], key: hit[1], words: slice.map((t) => t.lower), text: titleCase(slice.map((t) => t.raw).join(" ")), from: i, to: i + n };
    }
    const token = tokens[i]!;
    if (!found && HANGUL.test(token.lower)) {
      const chars = Array.from(token.lower);
      for (let len = chars.length; len >= 2 && len >= chars.length - MAX_PARTICLE_CHARS && !found; len--) {
        const hit = g.hangul.get(chars.slice(0, len).join(""));
        if (hit) found = { kind: hit[0], key: hit[1], words: [token.lower], text: chars.slice(0, len).join(""), from: i, to: i + 1 };
      }
    }
    if (found) {
      mentions.push(found);
      i = found.to;
      continue;
    }
    const isName = (k: number) => {
      const t = tokens[k];
      if (!t || /\d/.test(t.raw) || isStopWord(t.lower) || QUERY_STOPWORDS.has(t.lower)) return false;
      if (NOT_NAMES.has(t.lower) || PERSON_TITLES.has(t.lower)) return false;
      if (MONTH_ABBREVIATIONS.has(t.lower) && /^\d{1,2}$/.test(tokens[k + 1]?.raw ?? "")) return false;
      return capitalisedName(t, tokens[k + 1], casingTrusted) || g.words.has(t.lower);
    };
    if (!isName(i)) {
      i++;
      continue;
    }
    // A country word inside a run of capitalised words, with more of the run after it, is a country of its own, as
    // it is at the start of a run ("Danish Legion" is already Danish + Legion): "Royal Danish Legion" is Royal +
    // Danish + Legion, so it differs from "royal british legion" in its country. A country word that ends the run is
    // kept in the name (a surname: "Michael Jordan").
    const continuesRun = (k: number) => k < tokens.length && isName(k) && !tokens[k]!.sentenceStart && !tokens[k]!.punctBefore;
    const innerCountry = (k: number) => g.phrases.get(tokens[k]!.lower)?.[0] === "country" && continuesRun(k + 1);
    let end = i + 1;
    while (continuesRun(end) && !innerCountry(end)) end++;
    if (continuesRun(end)) countryAt = end;
    let span = tokens.slice(i, end);
    // Four or more capitalised words in a row are a headline ("Trump Postpones Denmark Trip"): only the words the
    // gazetteer knows as names are names there.
    if (span.length >= HEADLINE_MIN_WORDS && !span.every((t) => g.words.has(t.lower))) {
      const known = span.findIndex((t) => g.words.has(t.lower));
      if (known < 0) {
        i = end;
        continue;
      }
      let stop = known + 1;
      while (stop < span.length && g.words.has(span[stop]!.lower)) stop++;
      end = i + stop;
      i += known;
      span = span.slice(known, stop);
    }
    const titled = i > 0 && PERSON_TITLES.has(tokens[i - 1]!.lower);
    const kinds = span.map((t) => g.words.get(t.lower)).filter((k): k is EntityKind => k !== undefined);
    // A name of several words ending in a place word is that place ("Clark County"); ending in an institution's word,
    // the institution ("Georgia General Assembly", "National Museum"), also after a title ("General Assembly"). A lone
    // institution word keeps the gazetteer's kind unless that says person ("Department"), else it is an organisation.
    const known = kinds.find((k) => k !== "name");
    const last = span.at(-1)!.lower;
    let kind: EntityKind;
    if (span.length > 1 && PLACE_WORDS.has(last)) kind = "place";
    else if (!INSTITUTION_WORDS.has(last)) kind = titled ? "person" : (known ?? "name");
    else kind = span.length === 1 && known !== undefined && known !== "person" ? known : "organisation";
    const raw = span.map((t) => t.raw).join(" ");
    mentions.push({
      kind,
      key: span.map((t) => t.lower).join(" "),
      words: span.map((t) => t.lower),
      text: titleCase(raw),
      from: i,
      to: end,
    });
    i = end;
  }
  return { tokens, mentions };
}

/** Two single words sharing this many first letters are one name with two endings. */
const SAME_WORD_PREFIX = 6;

/** How many first letters two words share. */
export function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** Mention kinds that can stand in for one another in a claim's slot. */
export function sameSlotKind(a: EntityKind, b: EntityKind): boolean {
  // Countries and places stand for each other ("Georgia" the state, "Iraq" the country: both say where).
  const group = (k: EntityKind) => (k === "country" || k === "place" ? "where" : "actor");
  if (group(a) === group(b)) return true;
  // An unknown name may be a place: a city swapped for a state.
  return (a === "name" && b === "place") || (a === "place" && b === "name");
}

/**
 * Whether two mentions name the same thing: the same country or place key; for names, the same surname with no
 * conflicting first name ("Trump" = "Donald Trump" ≠ "Melania Trump"), or one the initials of the other ("AOC").
 */
export function sameEntity(a: Mention, b: Mention): boolean {
  if (a.key === b.key) return true;
  // Countries and states are known by their key; a mined name word of kind `place` is compared as a name.
  const keyed = (m: Mention) => m.kind === "country" || (m.kind === "place" && m.key.startsWith("us-"));
  if (keyed(a) || keyed(b)) return false;
  // One name written with or without its spaces or hyphens ("SeaWorld" / "Sea World", "Jay-Z" / "Jay Z").
  if (a.words.join("") === b.words.join("")) return true;
  const [short, long] = a.words.length <= b.words.length ? [a, b] : [b, a];
  if (short.words.length === 1 && long.words.length > 1 && short.words[0] === long.words.map((w) => w[0]).join("")) return true;
  // The last words name the thing ("Democrats" / "Democratic", "Christians" / "Christianity": one word, two endings);
  // a first name or other qualifier, when both give one, must agree ("Melania Trump" ≠ "Donald Trump", "Evers
  // Foundation" ≠ "Clinton Foundation").
  const sameWord = (x: string, y: string) => x === y || commonPrefix(x, y) >= SAME_WORD_PREFIX;
  if (!sameWord(short.words.at(-1)!, long.words.at(-1)!)) return short.words.every((w) => long.words.includes(w));
  return short.words.length === 1 || short.words[0] === long.words[0];
}
