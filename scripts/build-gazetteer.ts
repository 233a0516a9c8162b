/**
 * Builds the entity knowledge of the claim-identity comparison (src/core/claim-identity.ts), shipped as
 * src/core/model/gazetteer.json. No model can be downloaded here, so it is mined from what is on the machine:
 *
 * - **Countries** (kind `country`, key = ISO 3166 alpha-2): names, alternative spellings and English demonyms from the
 *   `world-countries` package (ODbL-1.0, see data/README.md), localised names from Node's own CLDR data
 *   (`Intl.DisplayNames`, Unicode licence) in the languages the bot meets most, plus a few colloquial aliases; then
 *   the territory names of the Unicode CLDR (`cldr-localenames-full`, Unicode-3.0) in every language the bot can
 *   detect, with their short and variant forms ("EE. UU.", "Costa de Marfil"), so "북한" = "North Korea" =
 *   "Corea del Norte" = "Nordkorea". A localised one-word name that is also a word of the English collections (in
 *   the IDF table), or a Latin-script one shorter than five letters, is left out: English posts must not grow countries, nor
 *   Spanish ones from an Indonesian word.
 * - **Regions** (kind `place`, key `region-<CLDR code>`): continents and sub-regions and the EU, in English and in
 *   the same languages ("Europe" = "Europa" = "유럽"; "World" is left out).
 * - **US states** (kind `place`): the 50 states and DC (public facts), so "Ohio" vs "California" is a place swap.
 * - **Name words** (kind `person` | `organisation` | `place` | `name`): words that the *cased* collections
 *   (CheckThat! 2022-2a/2b and 2020-t2 claims, titles and subtitles, VERITAS PolitiFact claims, the train tweets)
 *   write with a capital letter in the middle of a sentence at least `MIN_CAPITAL_SHARE` of the time. Starter Snopes
 *   claims are lower-cased ("nancy pelosi"); this list lets the comparison see their names. The kind comes from
 *   evidence in the same texts: a title before the word ("Sen.", "President") or a claimant name → person; an
 *   acronym or an organisation word after it ("Department", "University") → organisation; "in"/"from" before it →
 *   place; else `name`.
 *
 * Usage: npx tsx scripts/build-gazetteer.ts [--shared ../shared]
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import worldCountries, { type Country } from "world-countries";
import { defaultIdf } from "../src/core/model/idf.ts";
import { normalizeText } from "../src/core/text.ts";

const { values } = parseArgs({
  options: { shared: { type: "string", default: new URL("../../shared", import.meta.url).pathname } },
});
const shared = values.shared!;

/** A word must be capitalised mid-sentence at least this share of its mid-sentence uses. */
const MIN_CAPITAL_SHARE = 0.8;
/** …and at least this many times. */
const MIN_CAPITAL_COUNT = 2;

/** Localised country names are taken in these languages (besides English). */
const NAME_LOCALES = ["ko", "es", "fr", "de", "pt", "it", "ja", "zh", "ru", "ar", "hi", "tr", "vi", "id"];

/** Colloquial names the tables lack (lower case → ISO code). */
const COUNTRY_ALIASES: Record<string, string> = {
  "america": "US", "u.s.": "US", "u.s": "US", "usa": "US", "united states of america": "US", "the us": "US",
  "uk": "GB", "u.k.": "GB", "britain": "GB", "great britain": "GB", "england": "GB", "british": "GB",
  "north korean": "KP", "south korean": "KR", "dprk": "KP", "북한": "KP", "북조선": "KP", "남한": "KR", "한국": "KR",
  "대한민국": "KR", "미국": "US", "중국": "CN", "러시아": "RU", "일본": "JP", "우크라이나": "UA", "이란": "IR",
  "american": "US", "americans": "US", "holland": "NL", "burma": "MM", "persia": "IR", "soviet union": "RU", "ussr": "RU", "prc": "CN",
};

const US_STATES = (
  "Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii Idaho Illinois " +
  "Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota Mississippi Missouri " +
  "Montana Nebraska Nevada New_Hampshire New_Jersey New_Mexico New_York North_Carolina North_Dakota Ohio Oklahoma " +
  "Oregon Pennsylvania Rhode_Island South_Carolina South_Dakota Tennessee Texas Utah Vermont Virginia Washington " +
  "West_Virginia Wisconsin Wyoming District_of_Columbia"
)
  .split(" ")
  .map((s) => s.replace(/_/g, " "));

/** Words before a name that make it a person. */
const PERSON_TITLES = new Set(
  "president sen senator rep representative gov governor mayor dr mr mrs ms judge justice secretary speaker pope prince princess queen king actor actress singer rapper pastor rev candidate congressman congresswoman former vice first lady minister chancellor ceo".split(" "),
);
/** Words after a name that make it an organisation. */
const ORG_WORDS = new Set(
  "department university college party association foundation institute inc corp corporation company news times post network agency administration bureau council committee commission church bank airlines service services organization organisation group union club league court".split(" "),
);
/** Words before a name that make it a place. */
const PLACE_BEFORE = new Set(["in", "from", "near", "to"]);
/** Never names, however they are written (headline capitals, calendar words, pronouns). */
const NEVER = new Set(
  "i a an the this that these those it its he she they we you his her their our my your and or but if of to in on at by for with from as is are was were be been not no yes says said say new video photo photos image images viral breaking news report reports claim claims post posts shows show".split(" ").concat(
    "january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday".split(" "),
  ),
);

const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’.-]*/gu;

interface WordStats {
  capital: number;
  lower: number;
  person: number;
  org: number;
  place: number;
}
const stats = new Map<string, WordStats>();
const statOf = (w: string): WordStats => {
  let s = stats.get(w);
  if (!s) stats.set(w, (s = { capital: 0, lower: 0, person: 0, org: 0, place: 0 }));
  return s;
};

/** As the runtime reads words: possessive off, apostrophes dropped ("doesn’t" → "doesnt"), lower case. */
const clean = (raw: string) => raw.replace(/['’]s$/u, "").replace(/[.'’-]+$/u, "").replace(/['’]/g, "").toLowerCase();

/** Counts casing and kind evidence of the words of one cased text. */
function observe(text: string): void {
  const norm = normalizeText(text);
  const letters = norm.replace(/[^\p{L}]/gu, "");
  const upper = letters.replace(/[^\p{Lu}]/gu, "").length;
  // Headline case and shouting say nothing about names.
  if (letters.length === 0 || upper / letters.length > 0.5) return;
  const words = [...norm.matchAll(TOKEN)];
  const titleCase = words.filter((m) => /^\p{Lu}/u.test(m[0])).length > 0.6 * words.length;
  if (titleCase) return;
  for (let i = 0; i < words.length; i++) {
    const m = words[i]!;
    const raw = m[0];
    const before = norm.slice(Math.max(0, m.index! - 3), m.index!);
    const sentenceStart = i === 0 || /[.!?:"“]\s*$/u.test(before);
    const word = clean(raw);
    if (word.length < 2 || /\d/.test(word) || NEVER.has(word)) continue;
    if (sentenceStart) continue;
    const s = statOf(word);
    if (/^\p{Lu}/u.test(raw)) {
      s.capital++;
      const prev = clean(words[i - 1]?.[0] ?? "");
      const next = clean(words[i + 1]?.[0] ?? "");
      if (PERSON_TITLES.has(prev)) s.person++;
      if (ORG_WORDS.has(next) || /^\p{Lu}{2,6}$/u.test(raw)) s.org++;
      if (PLACE_BEFORE.has(prev)) s.place++;
    } else s.lower++;
  }
}

/** Person evidence from claimant names ("Donald Trump", "Nancy Pelosi"). */
function observeClaimant(name: string): void {
  const words = [...normalizeText(name).matchAll(TOKEN)].map((m) => m[0]);
  if (words.length < 2 || words.length > 3 || !words.every((w) => /^\p{Lu}/u.test(w))) return;
  if (words.some((w) => ORG_WORDS.has(clean(w)) || /^\p{Lu}{2,}$/u.test(w))) return;
  for (const w of words) {
    const word = clean(w);
    if (word.length > 1 && !NEVER.has(word)) statOf(word).person += 1;
  }
}

function readJsonl(file: string, each: (row: Record<string, unknown>) => void): void {
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      each(JSON.parse(line) as Record<string, unknown>);
    } catch {
      /* a broken line is skipped */
    }
  }
}
const str = (v: unknown) => (typeof v === "string" ? v : "");

const ct = join(shared, "data", "checkthat");
for (const set of ["2022-2a-en", "2022-2b-en", "2020-t2"]) {
  readJsonl(join(ct, set, "vclaims.jsonl"), (r) => {
    for (const f of ["claim", "title", "subtitle"]) observe(str(r[f]));
    observeClaimant(str(r.claimant));
  });
  // Train tweets only (dev/devtest are for measuring).
  for (const line of readFileSync(join(ct, set, "train.queries.tsv"), "utf8").split("\n").slice(1)) observe(line.split("\t").slice(1).join(" "));
}
readJsonl(join(shared, "data", "factchecks", "veritas-politifact.jsonl"), (r) => observe(str(r.claim)));
readJsonl(join(shared, "data", "factchecks", "veritas-factcheckorg.jsonl"), (r) => observe(str(r.claim)));

/** phrase (lower case) → [kind, key]. */
const phrases: Record<string, [string, string]> = {};
/** Country or region key → its English name (CLDR), so a name found in any language can be searched in English. */
const english: Record<string, string> = {};
const addPhrase = (phrase: string, kind: string, key: string) => {
  const p = normalizeText(phrase).toLowerCase().replace(/[’]/g, "'");
  if (p.length < 2 || /^[a-z]{2}$/.test(p)) return; // two-letter codes collide with words ("in", "us")
  if (!phrases[p]) phrases[p] = [kind, key];
};
// Independent countries first: "American" is the demonym of the US Minor Outlying Islands too.
const ordered = (worldCountries as unknown as Country[]).slice().sort((a, b) => Number(b.independent ?? false) - Number(a.independent ?? false));
for (const c of ordered) {
  const key = c.cca2;
  addPhrase(c.name.common, "country", key);
  addPhrase(c.name.official, "country", key);
  for (const alt of c.altSpellings) if (alt.length > 3 || /^\p{Lu}{3}$/u.test(alt)) addPhrase(alt, "country", key);
  const dem = c.demonyms?.eng;
  if (dem?.m) addPhrase(dem.m, "country", key);
  if (dem?.f) addPhrase(dem.f, "country", key);
  for (const locale of NAME_LOCALES) {
    try {
      const name = new Intl.DisplayNames([locale], { type: "region" }).of(key);
      if (name && name !== key) addPhrase(name, "country", key);
    } catch {
      /* a locale Node lacks */
    }
  }
}
for (const [alias, key] of Object.entries(COUNTRY_ALIASES)) phrases[alias] = ["country", key];
addCldrTerritories();
for (const state of US_STATES) addPhrase(state, "place", `us-${state.toLowerCase().replace(/ /g, "-")}`);
// "Georgia" and "Washington" are countries/cities/people as well: a state reading is kept only for the ambiguous two.
phrases["georgia"] = ["place", "georgia"];
phrases["washington"] = ["name", "washington"];

/**
 * Territory names of the Unicode CLDR in the languages the bot detects (src/core/language.ts, plus Korean, Japanese
 * and Chinese in both scripts). Countries by ISO code; continents, sub-regions and the EU as places.
 */
function addCldrTerritories(): void {
  const require = createRequire(import.meta.url);
  const root = join(dirname(require.resolve("cldr-localenames-full/package.json")), "main");
  const languageSource = readFileSync(new URL("../src/core/language.ts", import.meta.url), "utf8");
  const detected = new Set([...languageSource.matchAll(/[a-z]{3}: "([a-z]{2,3})"/g)].map((m) => m[1]!));
  for (const extra of ["en", "ko", "ja", "zh", "zh-Hant", "sr-Latn"]) detected.add(extra);
  const locales = readdirSync(root).filter((l) => detected.has(l)).sort();
  const idf = defaultIdf();
  /** Codes that are no place: unknown region, outlying Oceania, pseudo-locales, the UN, the eurozone, the world. */
  const SKIP = new Set(["ZZ", "QO", "XA", "XB", "UN", "EZ", "001"]);
  const MIN_LOCALISED_WORD_CHARS = 5;
  const territoryNames = (locale: string) =>
    (JSON.parse(readFileSync(join(root, locale, "territories.json"), "utf8")) as {
      main: Record<string, { localeDisplayNames: { territories: Record<string, string> } }>;
    }).main[locale]!.localeDisplayNames.territories;
  const countries = new Set((worldCountries as unknown as Country[]).map((c) => c.cca2));
  for (const locale of ["en", ...locales.filter((l) => l !== "en")]) {
    for (const [code, name] of Object.entries(territoryNames(locale))) {
      const base = code.replace(/-alt-.*$/, "");
      if (SKIP.has(base) || code.endsWith("-alt-chagos")) continue;
      const [kind, key] = /^[A-Z]{2}$/.test(base) ? (countries.has(base) ? ["country", base] : undefined) ?? [] : ["place", `region-${base}`];
      if (!kind || !key) continue;
      const p = normalizeText(name).toLowerCase();
      if (locale === "en" && !code.includes("-alt-")) english[key] = name;
      // A one-word localised name must be no English word, and long enough not to be a common word of another
      // language ("kota" is Indonesian for "city"); "América" is as often the US as the Americas.
      if (locale !== "en" && !/\s/.test(p) && (idf.idf(p) < idf.maxIdf || (/^\p{Script=Latin}+$/u.test(p) && Array.from(p).length < MIN_LOCALISED_WORD_CHARS) || key === "region-019")) continue;
      addPhrase(name, kind, key);
    }
  }
}

const words: Record<string, string> = {};
for (const [word, s] of stats) {
  if (s.capital < MIN_CAPITAL_COUNT || s.capital / (s.capital + s.lower) < MIN_CAPITAL_SHARE) continue;
  if (phrases[word]) continue;
  // The kind with the most evidence (at least 2, and twice the runner-up), else an unknown name.
  const [first, second] = ([["person", s.person], ["organisation", s.org], ["place", s.place]] as const).slice().sort((a, b) => b[1] - a[1]);
  const kind = first![1] >= 2 && first![1] >= 2 * second![1] ? first![0] : "name";
  words[word] = kind;
}

const out = {
  about: "Built by scripts/build-gazetteer.ts; countries from world-countries (ODbL-1.0) and CLDR (Intl.DisplayNames; cldr-localenames-full, Unicode-3.0: territory and region names in the detected languages); name words mined from the cased collections in ../shared.",
  phrases,
  words,
  english,
};
const target = new URL("../src/core/model/gazetteer.json", import.meta.url);
writeFileSync(target, JSON.stringify(out) + "\n");
const kinds: Record<string, number> = {};
for (const k of Object.values(words)) kinds[k] = (kinds[k] ?? 0) + 1;
process.stderr.write(`phrases ${Object.keys(phrases).length}, name words ${Object.keys(words).length} ${JSON.stringify(kinds)} → ${target.pathname}\n`);
