/**
 * Slot pools of the identity eval builder, mined from the shared collections (never from the matcher's gazetteer):
 * people (CheckThat 2022-2b-en claimants), organisations (claimants with an organisation head word, plus a small
 * typed table kept only where the collections attest the name), countries and demonyms (world-countries, kept when
 * attested), US states and cities, objects by category, numbers and years. `findSlots` locates the slots of a
 * cased claim; `swapFor` draws another value of the same kind.
 */
import worldCountries, { type Country } from "world-countries";
import type { BuilderData } from "./build-identity-eval-data.ts";

/** A slot kind of the near-miss set. */
export type SlotKind = "person" | "surname" | "organisation" | "country" | "demonym" | "us-state" | "city" | "object" | "number" | "year";

/** One slot found in a text. */
export interface Slot {
  kind: SlotKind;
  start: number;
  end: number;
  value: string;
  /** Sub-pool the replacement is drawn from (object category, organisation type, world region). */
  group: string;
}

/** Pools by kind; each value list is what a replacement is drawn from. */
export interface Pools {
  people: string[];
  famousSurnames: string[];
  firstNames: Set<string>;
  orgs: Map<string, string[]>;
  countries: Map<string, { name: string; demonym: string; region: string }>;
  states: string[];
  cities: string[];
  objects: Map<string, string[]>;
}

// The package's types describe an ES default export; under NodeNext the CommonJS build may come wrapped.
const countries = ((worldCountries as unknown as { default?: Country[] }).default ?? worldCountries) as unknown as Country[];

/** Minimum mentions in the cased corpus for a table entry (organisation, city, object) to enter a pool. */
const MIN_ATTESTED = 2;
/** A first name must start at least this many claimants' names. */
const MIN_FIRST_NAME_CLAIMANTS = 3;
/** Country names that are mostly something else in these texts (a US state, a name, a city part, a food). */
const COUNTRY_BLOCK = new Set(["Jersey", "Georgia", "Chad", "Jordan", "Turkey", "Guernsey", "Niger", "Guinea", "Dominica", "Isle of Man"]);
/** Dependent territories that are talked about like countries (others, e.g. Antarctica, are left out). */
const TERRITORIES_KEPT = new Set(["Puerto Rico", "Hong Kong", "Taiwan", "Greenland", "Palestine", "Kosovo"]);
/** A demonym before a title and a name ("Russian President Vladimir Putin") is part of who the person is. */
const DEMONYM_BEFORE_TITLE = /^\s+(president|prime minister|foreign minister|leader|king|queen|chancellor|dictator|dictatorship of)\s+[A-Z]/i;
/** A claimant must speak at least this often to count as "famous" (surname-only swaps). */
const FAMOUS_MIN_CLAIMS = 12;

const ORG_HEAD = /\b(Party|Association|Committee|Council|Foundation|Institute|Center|Union|Department|Agency|Coalition|Network|Fund|Action|PAC|Project|Alliance|Chamber|Club|League|Federation|Society)\b/;
const NOT_A_PERSON = /\b(posts?|image|email|bloggers?|tweets?|video|websites?|says|group|news|party|committee|campaign|people|users?|editorial|blog|board|county|state|city|media|radio|show|tv|times|daily|journal|post)\b/i;

/** Typed organisations: a replacement is drawn from the same type. Kept only when attested in the collections. */
const ORG_TABLE: Record<string, string[]> = {
  agency: ["FBI", "CIA", "NSA", "EPA", "IRS", "FDA", "CDC", "TSA", "FEMA", "NASA", "ATF", "DEA", "Secret Service", "Pentagon", "Justice Department", "Census Bureau", "Federal Reserve", "World Health Organization", "United Nations", "NATO"],
  company: ["Walmart", "Target", "Starbucks", "McDonald's", "Burger King", "KFC", "Wendy's", "Subway", "Pepsi", "Coca-Cola", "Nike", "Disney", "Netflix", "Apple", "Microsoft", "Costco", "Kmart", "Taco Bell", "Chick-fil-A", "Home Depot", "Kellogg's", "Ford", "General Motors", "Toyota", "Amazon", "Google", "Exxon", "Monsanto", "Oreo", "Budweiser", "Pizza Hut", "Domino's", "Kraft", "Heinz", "Sears", "Macy's", "Lowe's", "IKEA"],
  platform: ["Facebook", "Twitter", "Instagram", "YouTube", "Snapchat", "WhatsApp", "TikTok", "Netflix", "Reddit"],
  media: ["CNN", "Fox News", "MSNBC", "NBC", "ABC", "CBS", "BBC", "NPR", "New York Times", "Washington Post", "Wall Street Journal", "USA Today", "Huffington Post", "Associated Press", "Reuters", "Breitbart"],
  group: ["NRA", "ACLU", "Planned Parenthood", "NAACP", "ISIS", "Al Qaeda", "Taliban", "Hamas", "Hezbollah", "Black Lives Matter", "Antifa", "KKK", "Muslim Brotherhood", "Red Cross", "Salvation Army", "Boy Scouts", "Girl Scouts", "AARP", "SEIU", "Tea Party"],
  league: ["NFL", "NBA", "MLB", "NHL", "NCAA", "FIFA", "ESPN"],
};

/** Objects and products by category (plural forms listed as such). Kept only when attested. */
const OBJECT_TABLE: Record<string, string[]> = {
  "guns": ["assault weapons|assault rifles|semi-automatic rifles|AR-15s", "handguns|pistols", "shotguns", "hunting rifles", "machine guns"],
  "gun": ["assault weapon|assault rifle|AR-15", "handgun|pistol", "shotgun", "hunting rifle", "machine gun"],
  "drug": ["marijuana|cannabis", "cocaine", "heroin", "methamphetamine", "LSD", "ecstasy", "fentanyl", "opium", "crack cocaine"],
  "disease": ["cancer", "autism", "diabetes", "Alzheimer's", "Ebola", "Zika", "measles", "HIV", "malaria", "polio", "tuberculosis", "leukemia", "dementia", "asthma", "obesity"],
  "animal": ["shark", "alligator", "crocodile", "snake", "python", "bear", "wolf", "lion", "tiger", "horse", "cow", "pig", "deer", "spider", "whale", "dolphin", "monkey", "gorilla", "eagle", "owl", "goat", "kangaroo", "rattlesnake", "octopus"],
  "animals": ["sharks", "alligators", "snakes", "bears", "wolves", "lions", "tigers", "horses", "cows", "pigs", "deer", "spiders", "whales", "dolphins", "monkeys", "goats", "kangaroos", "bees", "cats", "dogs"],
  "food": ["pizza", "hamburgers", "hot dogs", "bananas", "chicken", "apples", "rice", "bread", "chocolate", "ice cream", "milk", "eggs", "beef", "pork", "cheese", "strawberries", "watermelon", "coffee", "beer", "wine", "soda", "tomatoes", "potatoes", "avocados", "french fries", "cereal", "peanut butter", "honey"],
  "vehicle": ["car", "truck", "bus", "motorcycle", "bicycle", "airplane", "helicopter", "boat", "tractor", "submarine"],
  "device": ["iPhone|cellphone|smartphone", "laptop|computer", "microwave", "refrigerator", "iPad", "drone"],
  "substance": ["fluoride", "chlorine", "mercury", "arsenic", "glyphosate", "aspartame", "formaldehyde", "bleach", "vinegar", "baking soda"],
  "document": ["birth certificate", "passport", "driver's license", "Social Security card", "green card", "voter ID"],
  "flag": ["Confederate flag", "rainbow flag", "American flag", "Mexican flag", "Christian flag", "Israeli flag"],
  "holiday": ["Christmas", "Easter", "Halloween", "Thanksgiving", "Ramadan", "Hanukkah", "Valentine's Day", "Independence Day"],
};

const US_STATES = ["Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico", "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "West Virginia", "Wisconsin", "Wyoming"];
const US_CITIES = ["Chicago", "Los Angeles", "Houston", "Phoenix", "Philadelphia", "San Antonio", "San Diego", "Dallas", "Austin", "Detroit", "Baltimore", "Boston", "Seattle", "Denver", "Atlanta", "Miami", "Orlando", "Tampa", "Milwaukee", "Cleveland", "Portland", "San Francisco", "Las Vegas", "Memphis", "Nashville", "New Orleans", "Minneapolis", "St. Louis", "Pittsburgh", "Cincinnati", "Sacramento", "Kansas City", "Oakland", "Fresno", "Tucson", "Albuquerque", "Raleigh", "Charlotte", "Madison", "Providence", "Jacksonville", "Indianapolis", "Columbus", "Richmond", "Buffalo", "Newark", "Honolulu", "El Paso"];
/** Titles before a surname: "President Obama" is a surname slot, "Barack Obama" a full name. */
const TITLES = /^(President|Sen\.|Senator|Gov\.|Governor|Rep\.|Representative|Mayor|Secretary|Speaker|Justice|Judge|Dr\.|Mr\.|Mrs\.|Ms\.|Candidate|Congressman|Congresswoman|Leader|Lt\.|Attorney|General|Chairman|Vice|Former)$/;
/** Country-like words that would make nonsense when swapped (parts of other names). */
const DEMONYM_BLOCK_BEFORE = /\b(African|Native|Latin|Central|South|North|Asian|Arab)\s+$/;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Mentions of a phrase in the cased corpus (whole words, case-sensitive). */
function attested(corpus: string, phrase: string): number {
  return (corpus.match(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(phrase)}(?![\\p{L}\\p{N}])`, "gu")) ?? []).length;
}

/** Builds every pool from the data. */
export function buildPools(data: BuilderData): Pools {
  const corpus = data.casedCorpus.join("\n");
  const people: string[] = [];
  const famous = new Set<string>();
  const firstNames = new Set<string>();
  const surnameCount = new Map<string, number>();
  const orgs = new Map<string, string[]>();
  const orgNames = new Set(Object.values(ORG_TABLE).flat());
  const candidates: Array<[string, number]> = [];
  const firstNameUses = new Map<string, number>();
  for (const [name, n] of data.claimants) {
    if (orgNames.has(name) || orgNames.has(name.split(" ").pop()!)) continue;
    if (ORG_HEAD.test(name) && name.split(" ").length <= 6) {
      orgs.set("advocacy", [...(orgs.get("advocacy") ?? []), name]);
      continue;
    }
    if (!/^[A-Z][a-z]+(?: [A-Z]\.)? (?:Mc|Mac|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?$/.test(name) || NOT_A_PERSON.test(name)) continue;
    candidates.push([name, n]);
    const first = name.split(" ")[0]!;
    firstNameUses.set(first, (firstNameUses.get(first) ?? 0) + 1);
  }
  // A first name shared by several claimants is a first name ("American Crossroads", "Menendez Facts" are not people).
  for (const [first, uses] of firstNameUses) if (uses >= MIN_FIRST_NAME_CLAIMANTS) firstNames.add(first);
  for (const [name, n] of candidates) {
    const parts = name.split(" ");
    if (!firstNames.has(parts[0]!)) continue;
    people.push(name);
    const surname = parts[parts.length - 1]!;
    surnameCount.set(surname, (surnameCount.get(surname) ?? 0) + 1);
    if (n >= FAMOUS_MIN_CLAIMS) famous.add(surname);
  }
  // A surname that is also a common lower-case word ("Price", "Young") is not a safe slot on its own.
  const lower = corpus.toLowerCase();
  const famousSurnames = [...famous].filter((s) => !firstNames.has(s) && (surnameCount.get(s) ?? 0) <= 2 && attested(lower, s.toLowerCase()) <= attested(corpus, s) * 1.2);
  for (const [type, names] of Object.entries(ORG_TABLE)) {
    orgs.set(type, names.filter((n) => attested(corpus, n) >= MIN_ATTESTED));
  }
  const countryMap = new Map<string, { name: string; demonym: string; region: string }>();
  for (const c of countries) {
    const name = c.name.common;
    const demonym = c.demonyms?.eng?.m ?? "";
    if (attested(corpus, name) < MIN_ATTESTED || name === "United States" || COUNTRY_BLOCK.has(name)) continue;
    if (!c.independent && !TERRITORIES_KEPT.has(name)) continue;
    countryMap.set(name, { name, demonym: attested(corpus, demonym) >= MIN_ATTESTED ? demonym : "", region: c.subregion || c.region });
  }
  const objects = new Map<string, string[]>();
  for (const [cat, list] of Object.entries(OBJECT_TABLE)) {
    const kept = list.filter((o) => o.split("|").some((v) => attested(lower, v.toLowerCase()) >= MIN_ATTESTED));
    if (kept.length >= 3) objects.set(cat, kept);
  }
  return {
    people,
    famousSurnames,
    firstNames,
    orgs,
    countries: countryMap,
    states: US_STATES.filter((s) => attested(corpus, s) >= MIN_ATTESTED),
    cities: US_CITIES.filter((c) => attested(corpus, c) >= MIN_ATTESTED),
    objects,
  };
}

function scan(text: string, phrase: string, caseSensitive: boolean): Array<[number, number]> {
  const re = new RegExp(`(?<![\\p{L}\\p{N}'-])${escapeRe(phrase)}(?![\\p{L}\\p{N}-])`, caseSensitive ? "gu" : "giu");
  return [...text.matchAll(re)].map((m) => [m.index!, m.index! + m[0].length]);
}

/** Every slot of a cased text; overlapping finds keep the longest. */
export function findSlots(text: string, pools: Pools): Slot[] {
  const found: Slot[] = [];
  const add = (kind: SlotKind, group: string, phrase: string, caseSensitive = true) => {
    for (const [start, end] of scan(text, phrase, caseSensitive)) found.push({ kind, start, end, value: text.slice(start, end), group });
  };
  for (const m of text.matchAll(/\b(?=([A-Z][a-z]+) ((?:Mc|Mac|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b)/g)) {
    const value = `${m[1]} ${m[2]}`;
    if (pools.firstNames.has(m[1]!)) found.push({ kind: "person", start: m.index!, end: m.index! + value.length, value, group: "person" });
  }
  // A surname or a one-word organisation right after a capitalised word is part of a longer name ("Walt Disney").
  const afterName = (start: number) => {
    const before = text.slice(Math.max(0, start - 20), start).match(/([A-Z][\p{L}.]*)\s$/u);
    return before !== null && !TITLES.test(before[1]!);
  };
  for (const s of pools.famousSurnames) for (const [start, end] of scan(text, s, true)) if (!afterName(start)) found.push({ kind: "surname", start, end, value: s, group: "surname" });
  for (const [type, names] of pools.orgs) for (const n of names) {
    for (const [start, end] of scan(text, n, true)) if (n.includes(" ") || !afterName(start)) found.push({ kind: "organisation", start, end, value: n, group: type });
  }
  for (const c of pools.countries.values()) {
    // A country before a capitalised word is part of a name ("the Vietnam War", "Mexico City").
    for (const [start, end] of scan(text, c.name, true)) if (!/^\s+[A-Z]/.test(text.slice(end))) found.push({ kind: "country", start, end, value: c.name, group: c.region });
    if (c.demonym) {
      for (const [start, end] of scan(text, c.demonym, true)) {
        if (!DEMONYM_BLOCK_BEFORE.test(text.slice(0, start)) && !DEMONYM_BEFORE_TITLE.test(text.slice(end))) found.push({ kind: "demonym", start, end, value: c.demonym, group: c.region });
      }
    }
  }
  for (const s of pools.states) if (s !== "Washington") add("us-state", "state", s);
  // A city before a capitalised word is part of a name ("San Antonio Spurs").
  for (const c of pools.cities) for (const [start, end] of scan(text, c, true)) if (!/^\s+[A-Z]/.test(text.slice(end))) found.push({ kind: "city", start, end, value: c, group: "city" });
  for (const [cat, list] of pools.objects) for (const o of list) for (const v of o.split("|")) {
    // A capitalised object mid-sentence is a name ("the Sex Pistols"), unless the table writes it so.
    for (const [start, end] of scan(text, v, false)) {
      const value = text.slice(start, end);
      if (start > 0 && value[0] !== v[0] && /[A-Z]/.test(value[0]!) && !/[.!?(]\s*$/.test(text.slice(0, start))) continue;
      // After a capitalised word mid-sentence it belongs to a name ("a Greyhound bus").
      if (/\S\s+[A-Z][\w'-]*\s$/.test(text.slice(Math.max(0, start - 30), start))) continue;
      found.push({ kind: "object", start, end, value, group: cat });
    }
  }
  for (const m of text.matchAll(/(?<![\w.,/-])(\$?)(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)( ?%| percent| million| billion| trillion)?(?![\w/-])/g)) {
    const n = Number(m[2]!.replace(/,/g, ""));
    const kind: SlotKind = !m[1] && !m[3] && /^\d{4}$/.test(m[2]!) && n >= 1900 && n <= 2030 ? "year" : "number";
    found.push({ kind, start: m.index!, end: m.index! + m[0].length, value: m[0], group: kind });
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Slot[] = [];
  for (const s of found) {
    const last = kept[kept.length - 1];
    if (last && s.start < last.end) continue;
    kept.push(s);
  }
  return kept;
}

function changeNumber(value: string, random: () => number): string {
  const m = value.match(/^(\$?)([\d,.]+)(.*)$/)!;
  const n = Number(m[2]!.replace(/,/g, ""));
  if (/%|percent/.test(m[3]!) && n < 100) {
    // A share stays a share: another value from 1 to 99, at least 5 points away.
    let next = n;
    while (Math.abs(next - n) < 5) next = 1 + Math.floor(random() * 99);
    return `${m[1]}${next}${m[3]}`;
  }
  const factors = [2, 3, 4, 0.5, 10, 0.25, 1.5, 5];
  let next = n;
  for (let i = 0; i < 10 && (next === n || next <= 0); i++) {
    const f = factors[Math.floor(random() * factors.length)]!;
    next = n < 10 && Number.isInteger(n) ? n + 1 + Math.floor(random() * 9) : n * f;
    next = Number.isInteger(n) ? Math.round(next) : Math.round(next * 10) / 10;
  }
  const digits = m[2]!.includes(",") ? next.toLocaleString("en-US") : String(next);
  return `${m[1]}${digits}${m[3]}`;
}

/** Another value of the slot's kind and group, never the same (null when the pool has no other). */
export function swapFor(slot: Slot, pools: Pools, random: () => number): string | null {
  const pickOther = (list: readonly string[]): string | null => {
    const others = list.filter((v) => v.toLowerCase() !== slot.value.toLowerCase() && !v.toLowerCase().includes(slot.value.toLowerCase()) && !slot.value.toLowerCase().includes(v.toLowerCase()));
    return others.length > 0 ? others[Math.floor(random() * others.length)]! : null;
  };
  switch (slot.kind) {
    case "person": {
      const surname = slot.value.split(" ").pop()!;
      return pickOther(pools.people.filter((p) => !p.endsWith(` ${surname}`)));
    }
    case "surname":
      return pickOther(pools.famousSurnames);
    case "organisation":
      return pickOther(pools.orgs.get(slot.group) ?? []);
    case "country":
    case "demonym": {
      const all = [...pools.countries.values()].filter((c) => slot.kind === "country" || c.demonym);
      const near = all.filter((c) => c.region === slot.group);
      const list = (near.length >= 3 && random() < 0.7 ? near : all).map((c) => (slot.kind === "country" ? c.name : c.demonym));
      return pickOther(list);
    }
    case "us-state":
      return pickOther(pools.states.filter((s) => s !== "Washington"));
    case "city":
      return pickOther(pools.cities);
    case "object": {
      const sets = (pools.objects.get(slot.group) ?? []).filter((o) => !o.toLowerCase().split("|").includes(slot.value.toLowerCase()));
      const set = sets.length > 0 ? sets[Math.floor(random() * sets.length)]!.split("|") : [];
      const out = pickOther(set);
      // Keep lower-case objects lower-case when the claim had them so ("marijuana"), capitalised at a sentence start.
      return out && slot.value[0] === slot.value[0]!.toUpperCase() && out[0] === out[0]!.toLowerCase() ? out[0]!.toUpperCase() + out.slice(1) : out;
    }
    case "number":
      return changeNumber(slot.value, random);
    case "year": {
      const y = Number(slot.value);
      const d = 2 + Math.floor(random() * 12);
      return String(y + (y + d <= 2024 && random() < 0.5 ? d : -d));
    }
  }
}
