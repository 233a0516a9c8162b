import { seededRandom } from "../core/random.ts";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { FactCheck, Verdict } from "../core/factcheck.ts";
import { normalizeVerdict } from "../core/verdicts.ts";
import { CJK_CHAR_CLASS } from "../core/text.ts";

/** The checkout: two folders above src/bench, three above dist/src/bench (`npm run bench` runs compiled). */
export const REPO_ROOT = resolve(import.meta.dirname, import.meta.url.endsWith(".js") ? "../../.." : "../..");
/** The shared data folder the bench scales from (a sibling of the checkout, read-only). */
export const DEFAULT_SHARED_DATA_DIR = resolve(REPO_ROOT, "../shared/data");

/** The bench needs ../shared/data; this error says so plainly instead of a stack trace. */
export class SharedDataMissingError extends Error {
  override readonly name = "SharedDataMissingError";
  constructor(readonly dir: string) {
    super(
      `npm run bench needs the shared collections at ${dir} (checkthat/*/vclaims.jsonl, factchecks/*.jsonl). ` +
        "Clone or mount them there, or pass --data <dir>.",
    );
  }
}


function readJsonl(file: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // A broken line in a shared file is skipped: the bench measures speed, not data quality.
    }
  }
  return out;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim() : undefined);

function isoDate(raw: unknown): string {
  const text = str(raw);
  if (text) {
    const iso = /^(\d{4}-\d{2}-\d{2})/.exec(text);
    if (iso) return iso[1]!;
    const parsed = Date.parse(text.replace(/^stated on /, "").replace(/ in .*$/, ""));
    if (!Number.isNaN(parsed)) return new Date(parsed).toISOString().slice(0, 10);
  }
  return "2020-01-01";
}

function validUrl(raw: unknown, fallback: string): string {
  const text = str(raw);
  if (text && /^https?:\/\//.test(text) && text.length <= 1800) return text;
  return fallback;
}

function verdictOf(rating: string, site?: string, language?: string): Verdict {
  try {
    return normalizeVerdict(rating, { site, language });
  } catch {
    return "other";
  }
}

/**
 * Loads the base fact-checks from the shared collections: the three CheckThat! `vclaims.jsonl` (Snopes, PolitiFact)
 * and `factchecks/*.jsonl` (VERITAS, Cofacts zh-TW; Cofacts has no claim text, so its reply text stands in).
 */
export function loadBaseRecords(dataDir: string = DEFAULT_SHARED_DATA_DIR): FactCheck[] {
  const checkthat = join(dataDir, "checkthat");
  const factchecks = join(dataDir, "factchecks");
  if (!existsSync(checkthat) || !existsSync(factchecks)) throw new SharedDataMissingError(dataDir);
  const records: FactCheck[] = [];
  for (const task of readdirSync(checkthat).sort()) {
    const file = join(checkthat, task, "vclaims.jsonl");
    if (!existsSync(file)) continue;
    for (const row of readJsonl(file)) {
      const claim = str(row.claim);
      if (!claim) continue;
      const publisher = str(row.publisher) ?? (String(row.id).includes("pol") ? "PolitiFact" : "Snopes");
      const rating = str(row.rating) ?? "Unrated";
      records.push({
        id: `${task}:${String(row.id)}`.slice(0, 200),
        claim: claim.slice(0, 4000),
        altClaims: [],
        title: str(row.title)?.slice(0, 1000),
        summary: str(row.subtitle)?.slice(0, 8000),
        rating,
        verdict: verdictOf(rating),
        publisher: { name: publisher },
        url: validUrl(row.url, `https://bench.invalid/${task}/${encodeURIComponent(String(row.id))}`),
        reviewDate: isoDate(row.date),
        claimant: str(row.claimant)?.slice(0, 300),
        language: "en",
        appearances: [],
        source: `checkthat-${task}`,
        license: "research-only",
      });
    }
  }
  for (const name of readdirSync(factchecks).sort()) {
    if (!name.endsWith(".jsonl")) continue;
    for (const row of readJsonl(join(factchecks, name))) {
      const claim = str(row.claim) ?? str(row.review_text)?.slice(0, 300);
      if (!claim) continue;
      const rating = str(row.verdict) ?? "Unrated";
      const site = str(row.publisher_site);
      const language = str(row.language) ?? "en";
      records.push({
        id: String(row.id).slice(0, 200),
        claim,
        altClaims: [],
        title: str(row.title)?.slice(0, 1000),
        summary: str(row.review_text)?.slice(0, 8000),
        rating: rating.slice(0, 300),
        verdict: verdictOf(rating, site, language),
        publisher: { name: str(row.publisher) ?? "Unknown", site },
        url: validUrl(row.url, `https://bench.invalid/${name}/${encodeURIComponent(String(row.id))}`),
        reviewDate: isoDate(row.date),
        language: /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language) ? language : "und",
        appearances: [],
        source: name.replace(/\.jsonl$/, ""),
        license: str(row.license)?.slice(0, 200) ?? "unknown",
      });
    }
  }
  return records;
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Rewrites a claim a little: drops or swaps a word, replaces one with a word from the collection's own vocabulary,
 * changes a number, or appends a place or a year, so replicas are distinct documents with a realistic vocabulary.
 */
function perturb(text: string, random: () => number, vocabulary: readonly string[]): string {
  const words = text.split(" ");
  const edits = 1 + Math.floor(random() * 3);
  for (let e = 0; e < edits && words.length > 2; e++) {
    const i = Math.floor(random() * words.length);
    const kind = random();
    if (kind < 0.25) words.splice(i, 1);
    else if (kind < 0.45 && i + 1 < words.length) [words[i], words[i + 1]] = [words[i + 1]!, words[i]!];
    else if (kind < 0.75) words[i] = vocabulary[Math.floor(random() * vocabulary.length)] ?? words[i]!;
    else if (kind < 0.85) words[i] = words[i]!.replace(/\d+/g, () => String(Math.floor(random() * 2030)));
    else words.push(random() < 0.5 ? `in ${1990 + Math.floor(random() * 36)}` : `in ${PLACES[i % PLACES.length]}`);
  }
  return words.join(" ");
}

const PLACES = ["Texas", "Ohio", "Seoul", "Taipei", "Lagos", "Manila", "Paris", "Delhi", "Lima", "Kyiv", "Nairobi"];

/**
 * The bench collection of exactly `size` records: the base records once, then replicas with perturbed claims and
 * titles, fresh ids and URLs, and an appearance URL on a third of them. Deterministic for a given seed.
 */
export function scaleRecords(base: readonly FactCheck[], size: number, seed = 42): FactCheck[] {
  const random = seededRandom(seed);
  const vocabulary: string[] = [];
  for (let i = 0; i < base.length && vocabulary.length < 50_000; i += 3) {
    for (const m of base[i]!.claim.matchAll(WORD)) if (m[0].length > 3) vocabulary.push(m[0]);
  }
  const out: FactCheck[] = [];
  for (let i = 0; i < size; i++) {
    const source = base[i % base.length]!;
    const replica = Math.floor(i / base.length);
    if (replica === 0) {
      out.push(source);
      continue;
    }
    const record: FactCheck = {
      ...source,
      id: `${source.id}~${replica}`.slice(0, 200),
      claim: perturb(source.claim, random, vocabulary),
      title: source.title ? perturb(source.title, random, vocabulary) : undefined,
      url: `${source.url}${source.url.includes("?") ? "&" : "?"}bench=${replica}`,
      appearances: random() < 0.33 ? [`https://social.example.com/post/${i}`] : [],
    };
    out.push(record);
  }
  return out;
}

/** A post as the bench sends it: real claim-like text (tweets, debate lines) or group chit-chat. */
export interface BenchPost {
  text: string;
  kind: "claim" | "chat";
}

/** Queries of the CheckThat! splits (tweets for 2A and 2020, debate sentences for 2B): realistic claim posts. */
export function loadClaimPosts(dataDir: string = DEFAULT_SHARED_DATA_DIR): string[] {
  const checkthat = join(dataDir, "checkthat");
  if (!existsSync(checkthat)) throw new SharedDataMissingError(dataDir);
  const posts: string[] = [];
  for (const task of readdirSync(checkthat).sort()) {
    for (const split of ["dev", "devtest", "train"]) {
      const file = join(checkthat, task, `${split}.queries.tsv`);
      if (!existsSync(file)) continue;
      for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
        const text = line.split("\t").slice(1).join("\t").trim();
        if (text) posts.push(text);
      }
    }
  }
  // Chinese forwards: openings of Cofacts replies stand in (the release has no rumour texts).
  const cofacts = join(dataDir, "factchecks", "cofacts-2019.jsonl");
  if (existsSync(cofacts)) {
    const lines = readFileSync(cofacts, "utf8").split("\n");
    for (let i = 0; i < lines.length && i < 30_000; i += 100) {
      try {
        const text = str((JSON.parse(lines[i]!) as Record<string, unknown>).review_text);
        if (text && text.length >= 20) posts.push(text.slice(0, 80));
      } catch {
        // skip a broken line
      }
    }
  }
  return posts;
}

const CHAT_TEMPLATES = [
  "Happy birthday {name}! 🎂",
  "See you at dinner on Saturday",
  "lol",
  "ok",
  "thanks!!",
  "Who's bringing the snacks tomorrow?",
  "Running {n} minutes late, sorry",
  "good morning everyone ☀️",
  "haha that's hilarious 😂😂",
  "Can someone send me the photos from yesterday?",
  "I'll be there at {n}",
  "Did you watch the game last night?",
  "congrats {name}!!! 🎉",
  "where are we meeting?",
  "brb",
  "👍",
  "❤️❤️",
  "Has anyone seen my keys? I think I left them in {name}'s car",
  "Let's do lunch next week",
  "The meeting moved to {n} pm",
  "nice one",
  "Please don't forget to bring your ID",
  "yes",
  "no idea tbh",
  "I'm at the station now",
  "Traffic is terrible today",
  "Who wants coffee?",
  "Good night all 😴",
  "Can you call me when you're free?",
  "Mom says hi",
  "생일 축하해 {name}!",
  "내일 몇 시에 만나?",
  "ㅋㅋㅋㅋ",
  "좋은 아침이에요",
  "고마워요!",
  "晚安",
  "明天見",
  "謝謝大家",
  "早安 🌞",
  "哈哈哈",
];
const NAMES = ["Anna", "Min-jun", "Carlos", "Wei", "Fatima", "Tom", "Ji-woo", "Priya", "Olu", "Sara"];

/**
 * A group chat stream: `claimShare` of the messages are claim posts (tweets, debate lines, Cofacts-like forwards),
 * the rest chit-chat from templates. Deterministic for a seed.
 */
export function groupMix(claimPosts: readonly string[], count: number, claimShare: number, seed = 7): BenchPost[] {
  const random = seededRandom(seed);
  const out: BenchPost[] = [];
  for (let i = 0; i < count; i++) {
    if (random() < claimShare && claimPosts.length > 0) {
      out.push({ kind: "claim", text: claimPosts[Math.floor(random() * claimPosts.length)]! });
      continue;
    }
    const template = CHAT_TEMPLATES[Math.floor(random() * CHAT_TEMPLATES.length)]!;
    out.push({
      kind: "chat",
      text: template
        .replace("{name}", NAMES[Math.floor(random() * NAMES.length)]!)
        .replace("{n}", String(1 + Math.floor(random() * 12))),
    });
  }
  return out;
}

const CJK_LETTER = new RegExp(CJK_CHAR_CLASS, "gu");
const LETTER = /\p{L}/gu;

/**
 * A post written in CJK scripts (more than half of its letters Han, kana or Hangul): the bench reports their latency
 * apart, since a CJK text is analysed as character bigrams, ~8× the pieces of an English text of the same length.
 */
export function isCjkPost(text: string): boolean {
  const letters = text.match(LETTER)?.length ?? 0;
  return letters > 0 && (text.match(CJK_LETTER)?.length ?? 0) * 2 > letters;
}

/** The posts file the parent writes once: claim posts for latency, the group mix for throughput. */
export interface BenchPosts {
  claims: string[];
  mix: BenchPost[];
}

/** `count` claim posts in a seeded order, and a group mix: what every serve step of the run replays. */
export function preparePosts(dataDir: string, count: number, mix: number, claimShare: number, seed: number): BenchPosts {
  const posts = loadClaimPosts(dataDir);
  const shuffled = [...posts];
  const random = seededRandom(seed);
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return { claims: shuffled.slice(0, count), mix: groupMix(posts, mix, claimShare, seed + 1) };
}

/** The shared collections `claimbot ingest` is measured on: every fact-check collection and CheckThat! vclaims file. */
export function sharedCollectionFiles(dataDir: string): string[] {
  const factchecks = join(dataDir, "factchecks");
  const checkthat = join(dataDir, "checkthat");
  return [
    ...readdirSync(factchecks).filter((f) => f.endsWith(".jsonl")).sort().map((f) => join(factchecks, f)),
    ...readdirSync(checkthat)
      .sort()
      .map((d) => join(checkthat, d, "vclaims.jsonl"))
      .filter((f) => existsSync(f)),
  ];
}
