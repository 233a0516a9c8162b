/**
 * Inputs of scripts/build-identity-eval.ts: the starter records (the eval index), their cased wordings, the
 * CheckThat 2022-2a-en vclaims joined to them by URL, and text helpers. Nothing here imports the matcher
 * (src/core/claim-identity.ts, guards, gazetteers): the identity eval must not share its knowledge.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { FactCheckSchema, type FactCheck } from "../src/core/factcheck.ts";

/** One starter record plus what the builder derives from it. */
export interface StarterClaim {
  record: FactCheck;
  /** The claim with normal casing: Snopes claims are lower-cased in the starter data, CheckThat keeps the case. */
  cased: string;
  /** True when `cased` has real casing (PolitiFact, or a Snopes claim joined to its CheckThat vclaim). */
  hasCase: boolean;
  /** Content words (lower-case, stopwords dropped). */
  words: Set<string>;
}

/** A CheckThat 2022-2a-en vclaim (Snopes) joined to a starter record by its normalised URL. */
export interface JoinedVclaim {
  vclaimId: string;
  starterId: string;
  claim: string;
  title: string;
  subtitle: string;
}

/** Everything the set builders read. */
export interface BuilderData {
  starter: StarterClaim[];
  byId: Map<string, StarterClaim>;
  /** Starter ids by normalised review URL. */
  byUrl: Map<string, string[]>;
  /** Starter ids by normalised claim text (near-duplicates across publishers share a key). */
  byClaimKey: Map<string, string[]>;
  joined: JoinedVclaim[];
  /** vclaim id → joined entry. */
  joinedByVclaim: Map<string, JoinedVclaim>;
  /** Cased English texts of the shared collections (PolitiFact, CheckThat claims and titles): attestation corpus. */
  casedCorpus: string[];
  /** PolitiFact claimants of CheckThat 2022-2b-en (cased), with how often each speaks. */
  claimants: Map<string, number>;
}

const STOPWORDS = new Set(
  ("a an the and or but if of to in on at by for with from as is are was were be been being has have had do does did " +
    "that this these those it its it's he she they them his her their we our you your i me my not no so than then there " +
    "which who whom what when where why how will would can could should may might must shall just also about into over " +
    "after before says said say up out all any some more most very such only own same other new one").split(" "),
);

/** Lower-case word tokens of a text. */
export function tokens(text: string): string[] {
  return text.toLowerCase().normalize("NFKC").replace(/[’‘]/g, "'").match(/[\p{L}\p{N}][\p{L}\p{N}'.-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu) ?? [];
}

/** Content words of a text in order: tokens without stopwords, possessive 's dropped. */
export function contentSeq(text: string): string[] {
  return tokens(text).map((t) => t.replace(/'s$/, "")).filter((t) => !STOPWORDS.has(t) && t.length > 1);
}

/** Content words of a text as a set. */
export function contentWords(text: string): Set<string> {
  return new Set(contentSeq(text));
}

/** Share of `a`'s content words found in `b`. */
export function overlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0) return 0;
  let n = 0;
  for (const w of a) if (b.has(w)) n++;
  return n / a.size;
}

/** Jaccard similarity of two word sets. */
export function jaccard(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const w of a) if (b.has(w)) n++;
  return n / Math.max(1, a.size + b.size - n);
}

/** A review URL without scheme, www, query and trailing slash, lower-cased. */
export function normUrl(url: string): string {
  return url.toLowerCase().replace(/^https?:\/\/(www\.)?/, "").replace(/[?#].*$/, "").replace(/\/+$/, "");
}

/** A claim text folded for duplicate detection. */
export function claimKey(text: string): string {
  return tokens(text).join(" ");
}

function jsonl(file: string): unknown[] {
  const raw = file.endsWith(".gz") ? gunzipSync(readFileSync(file)).toString("utf8") : readFileSync(file, "utf8");
  return raw.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown);
}

/** Reads `dir/*.jsonl(.gz)` as src/ingest/starter.ts does: sorted by name, every line validated by FactCheckSchema. */
export function loadStarter(dir: string): FactCheck[] {
  const files = readdirSync(dir).filter((f) => /\.jsonl(\.gz)?$/.test(f)).sort();
  const out: FactCheck[] = [];
  for (const f of files) for (const row of jsonl(join(dir, f))) {
    const parsed = FactCheckSchema.safeParse(row);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Loads the starter data and the shared collections and joins them. */
export function loadBuilderData(starterDir: string, sharedDir: string): BuilderData {
  const records = loadStarter(starterDir);
  const byUrl = new Map<string, string[]>();
  for (const r of records) push(byUrl, normUrl(r.url), r.id);
  type Vclaim = { id: string; claim: string; title?: string; subtitle?: string; url?: string };
  const vclaims = jsonl(join(sharedDir, "data/checkthat/2022-2a-en/vclaims.jsonl")) as Vclaim[];
  const joined: JoinedVclaim[] = [];
  const casedById = new Map<string, string>();
  for (const v of vclaims) {
    const ids = v.url ? byUrl.get(normUrl(v.url)) : undefined;
    if (!ids || ids.length !== 1) continue;
    joined.push({ vclaimId: v.id, starterId: ids[0]!, claim: v.claim, title: v.title ?? "", subtitle: v.subtitle ?? "" });
    casedById.set(ids[0]!, v.claim);
  }
  const starter: StarterClaim[] = records.map((record) => {
    const fromCheckthat = casedById.get(record.id);
    const cased = fromCheckthat && claimKey(fromCheckthat) === claimKey(record.claim) ? fromCheckthat : record.claim;
    const hasCase = record.source === "veritas-politifact" || cased !== record.claim || record.source === "seed";
    return { record, cased, hasCase, words: contentWords(record.claim) };
  });
  const byClaimKey = new Map<string, string[]>();
  for (const s of starter) push(byClaimKey, claimKey(s.record.claim), s.record.id);
  const casedCorpus: string[] = [];
  for (const v of vclaims) casedCorpus.push(v.claim, v.title ?? "");
  const claimants = new Map<string, number>();
  type Pol = { claim: string; title?: string; claimant?: string };
  for (const p of jsonl(join(sharedDir, "data/checkthat/2022-2b-en/vclaims.jsonl")) as Pol[]) {
    casedCorpus.push(p.claim, p.title ?? "");
    if (p.claimant) claimants.set(p.claimant.trim(), (claimants.get(p.claimant.trim()) ?? 0) + 1);
  }
  for (const s of starter) if (s.record.source === "veritas-politifact") casedCorpus.push(s.record.claim);
  return {
    starter,
    byId: new Map(starter.map((s) => [s.record.id, s])),
    byUrl,
    byClaimKey,
    joined,
    joinedByVclaim: new Map(joined.map((j) => [j.vclaimId, j])),
    casedCorpus,
    claimants,
  };
}

/** The record's near-duplicates in the starter data (same claim text folded, any publisher), itself included. */
export function duplicatesOf(data: BuilderData, id: string): string[] {
  const s = data.byId.get(id);
  return s ? (data.byClaimKey.get(claimKey(s.record.claim)) ?? [id]) : [id];
}

/** English starter claims whose content words overlap `words` by at least `min` (Jaccard), best first. */
export function similarClaims(data: BuilderData, words: Set<string>, min: number): Array<{ id: string; sim: number }> {
  const out: Array<{ id: string; sim: number }> = [];
  for (const s of data.starter) {
    if (s.record.language !== "en") continue;
    const sim = jaccard(words, s.words);
    if (sim >= min) out.push({ id: s.record.id, sim });
  }
  return out.sort((a, b) => b.sim - a.sim);
}

/** A claim as a person would post it: PolitiFact's "Says …" frame and quote marks dropped. */
export function postForm(claim: string): string {
  let t = claim.replace(/^Says that /, "").replace(/^Says /, "");
  t = t.replace(/["“”]/g, "").replace(/\s+/g, " ").trim();
  return capitalise(t);
}

/** A record's claim in post form, with its real casing where known. */
export function postFormOf(s: StarterClaim): string {
  return postForm(s.cased);
}

/** Capitalises the first letter. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A seeded PRNG's helpers: pick one, shuffle a copy. */
export function picker(random: () => number) {
  return {
    pick<T>(list: readonly T[]): T {
      return list[Math.floor(random() * list.length)]!;
    },
    shuffle<T>(list: readonly T[]): T[] {
      const out = [...list];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
    chance(p: number): boolean {
      return random() < p;
    },
  };
}
