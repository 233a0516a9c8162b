/**
 * Builds the starter data in data/starter/ from ../shared/data/factchecks (VERITAS PolitiFact, Snopes,
 * FactCheck.org; Cofacts reply-only rows, see src/ingest/collections.ts) and checks the hand-written seed record
 * (data/starter/seed-afp.jsonl). Every record is validated with FactCheckSchema; output is one gzipped JSONL file per
 * source, one FactCheck a line, byte-for-byte reproducible.
 *
 *   npx tsx scripts/build-starter-data.ts [--shared ../shared]
 */
import { createReadStream, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { FactCheckSchema, type FactCheck } from "../src/core/factcheck.ts";
import { mapSharedFactcheck } from "../src/ingest/collections.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUT_DIR = join(ROOT, "data/starter");
const SEED_FILE = join(OUT_DIR, "seed-afp.jsonl");

/** Shared collection file → starter file stem (the record `source`). */
const SOURCES: ReadonlyArray<readonly [file: string, stem: string]> = [
  ["veritas-politifact.jsonl", "veritas-politifact"],
  ["veritas-snopes.jsonl", "veritas-snopes"],
  ["veritas-factcheckorg.jsonl", "veritas-factcheckorg"],
  ["cofacts-2019.jsonl", "cofacts"],
];

function sharedDir(): string {
  const i = process.argv.indexOf("--shared");
  return resolve(ROOT, (i >= 0 ? process.argv[i + 1] : undefined) ?? "../shared");
}

/** Drops empty arrays (the schema's defaults restore them) to keep the files small. */
function compact(record: FactCheck): Record<string, unknown> {
  const out: Record<string, unknown> = { ...record };
  if (record.altClaims.length === 0) delete out.altClaims;
  if (record.appearances.length === 0) delete out.appearances;
  return out;
}

async function buildSource(file: string, stem: string, seen: Set<string>): Promise<Record<string, unknown>> {
  const records: FactCheck[] = [];
  /** Cofacts editors reuse a reply word for word across rumours: one record per (rating, reply), pages merged. */
  const byText = new Map<string, FactCheck>();
  const skipped = new Map<string, number>();
  let rows = 0;
  let duplicates = 0;
  const input = createReadStream(join(sharedDir(), "data/factchecks", file));
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    rows++;
    const mapped = mapSharedFactcheck(JSON.parse(line), { source: stem });
    if ("error" in mapped) {
      skipped.set(mapped.error, (skipped.get(mapped.error) ?? 0) + 1);
      continue;
    }
    const record = FactCheckSchema.parse(mapped);
    if (seen.has(record.id)) {
      duplicates++;
      continue;
    }
    const textKey = `${record.rating}\u0000${record.summary ?? record.claim}`;
    const twin = stem === "cofacts" ? byText.get(textKey) : undefined;
    if (twin) {
      for (const url of record.appearances) {
        if (twin.appearances.length < 200 && !twin.appearances.includes(url)) twin.appearances.push(url);
      }
      duplicates++;
      continue;
    }
    seen.add(record.id);
    byText.set(textKey, record);
    records.push(record);
  }
  records.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const lines = records.map((r) => {
    const line = compact(r);
    FactCheckSchema.parse(line); // what the loader will read back must validate, merged appearances included
    return JSON.stringify(line);
  });
  const body = lines.join("\n");
  const outFile = join(OUT_DIR, `${stem}.jsonl.gz`);
  writeFileSync(outFile, gzipSync(`${body}\n`, { level: 9 }));
  return {
    file: `data/starter/${stem}.jsonl.gz`,
    rows,
    records: records.length,
    duplicates,
    skipped: Object.fromEntries(skipped),
    bytes: statSync(outFile).size,
  };
}

async function main(): Promise<void> {
  const seen = new Set<string>();
  const seedLines = readFileSync(SEED_FILE, "utf8").split("\n").filter((l) => l.trim());
  for (const [i, line] of seedLines.entries()) {
    const parsed = FactCheckSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${SEED_FILE}:${i + 1}: ${parsed.error.message}`);
    seen.add(parsed.data.id);
  }
  const report: Record<string, unknown>[] = [
    { file: "data/starter/seed-afp.jsonl", records: seedLines.length, bytes: statSync(SEED_FILE).size },
  ];
  for (const [file, stem] of SOURCES) report.push(await buildSource(file, stem, seen));
  console.log(JSON.stringify(report, null, 2));
}

await main();
