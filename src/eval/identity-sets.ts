import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { FactCheckSchema, type FactCheck } from "../core/factcheck.ts";
import { DEFAULT_STARTER_DIR } from "../ingest/starter.ts";
import { loadAnyCollection, type CollectionLoad } from "./checkthat.ts";

/** The three identity sets (see test/fixtures/eval/identity/README.md). */
export const IDENTITY_SETS = ["near-miss", "paraphrase", "noisy"] as const;
export type IdentitySet = (typeof IDENTITY_SETS)[number];

/**
 * One post of an identity set.
 * - near-miss: a different claim in the words of a checked one; `relevant` is empty, `mustNotMatch` names the
 *   template record(s). Any `match` is a false match.
 * - paraphrase / noisy: `relevant` names the starter ids that answer the post.
 * `exclude`: ids removed from the eval index (the union over all lines read is removed).
 */
export interface IdentityLine {
  id: string;
  text: string;
  set: IdentitySet;
  /** Slot kind (near-miss), rewrite kind (paraphrase), primary noise kind or `clean` / `two-claims` (noisy). */
  kind: string;
  relevant: string[];
  mustNotMatch: string[];
  exclude: string[];
  /** Informational only; never passed to the pipeline. */
  lang?: string;
  /** Every noise kind of a noisy post (empty for clean copies). */
  noise?: string[];
  /** A post holding several claims: the relevant ids of each (their union is `relevant`). */
  claims?: string[][];
}

function parseLine(raw: unknown, where: string): IdentityLine {
  const row = raw as Partial<IdentityLine>;
  const ids = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  if (typeof row.id !== "string" || typeof row.text !== "string" || !IDENTITY_SETS.includes(row.set as IdentitySet)) {
    throw new Error(`${where}: needs id, text and set (${IDENTITY_SETS.join(" | ")})`);
  }
  return {
    id: row.id,
    text: row.text,
    set: row.set as IdentitySet,
    kind: typeof row.kind === "string" ? row.kind : "unknown",
    relevant: ids(row.relevant),
    mustNotMatch: ids(row.mustNotMatch),
    exclude: ids(row.exclude),
    ...(typeof row.lang === "string" ? { lang: row.lang } : {}),
    ...(Array.isArray(row.noise) ? { noise: row.noise.map(String) } : {}),
    ...(Array.isArray(row.claims) ? { claims: row.claims.map(ids) } : {}),
  };
}

/** Reads every `*.jsonl` of an identity folder (or one file), sorted by name; a bad line throws with file and line. */
export function loadIdentityLines(path: string): IdentityLine[] {
  const files = statSync(path).isDirectory()
    ? readdirSync(path).filter((f) => f.endsWith(".jsonl")).sort().map((f) => join(path, f))
    : [path];
  const out: IdentityLine[] = [];
  for (const file of files) {
    readFileSync(file, "utf8").split("\n").forEach((line, i) => {
      if (line.trim()) out.push(parseLine(JSON.parse(line), `${file}:${i + 1}`));
    });
  }
  return out;
}

/** Reads a starter-style folder: every `*.jsonl` and `*.jsonl.gz`, sorted by name, each line a FactCheck. */
export function loadStarterCollection(dir: string = DEFAULT_STARTER_DIR): CollectionLoad {
  const records: FactCheck[] = [];
  let skipped = 0;
  for (const f of readdirSync(dir).filter((n) => /\.jsonl(\.gz)?$/.test(n)).sort()) {
    const file = join(dir, f);
    const text = f.endsWith(".gz") ? gunzipSync(readFileSync(file)).toString("utf8") : readFileSync(file, "utf8");
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      try {
        const parsed = FactCheckSchema.safeParse(JSON.parse(line));
        if (parsed.success) records.push(parsed.data);
        else skipped++;
      } catch {
        skipped++;
      }
    }
  }
  return { records, skipped };
}

/**
 * The collection of an identity run: the starter data by default; a folder of starter-style files (`*.jsonl.gz`
 * without a CheckThat `vclaims.jsonl`) the same way; anything else through `loadAnyCollection`.
 */
export async function loadIdentityCollection(path?: string): Promise<CollectionLoad> {
  if (!path) return loadStarterCollection();
  if (statSync(path).isDirectory() && !existsSync(join(path, "vclaims.jsonl"))) return loadStarterCollection(path);
  return loadAnyCollection(path);
}
