/**
 * Builds src/core/model/idf.json: document frequencies of words over the shared fact-check collections (claims and
 * titles only; never queries or qrels), which the query plan and the features use to weigh terms.
 * Usage: npx tsx scripts/train-idf.ts [../shared/data]
 */
import { readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { tokenize } from "../src/core/text.ts";

/** Words seen in fewer documents are left out (unknown words count as rare, which they are). */
const MIN_DOCUMENT_FREQUENCY = 3;

const root = process.argv[2] ?? new URL("../../shared/data", import.meta.url).pathname;
const files: string[] = [];
for (const dir of readdirSync(join(root, "checkthat"))) files.push(join(root, "checkthat", dir, "vclaims.jsonl"));
for (const f of readdirSync(join(root, "factchecks"))) if (f.startsWith("veritas-")) files.push(join(root, "factchecks", f));

const df = new Map<string, number>();
let docs = 0;
for (const file of files) {
  if (!existsSync(file)) continue;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as Record<string, unknown>;
    const text = [row.claim, row.title].filter((v) => typeof v === "string").join(" ");
    if (!text) continue;
    docs++;
    for (const token of new Set(tokenize(text))) df.set(token, (df.get(token) ?? 0) + 1);
  }
}
const kept = [...df.entries()].filter(([, n]) => n >= MIN_DOCUMENT_FREQUENCY).sort((a, b) => b[1] - a[1]);
const out = { documents: docs, minDocumentFrequency: MIN_DOCUMENT_FREQUENCY, df: Object.fromEntries(kept) };
const target = new URL("../src/core/model/idf.json", import.meta.url);
writeFileSync(target, JSON.stringify(out) + "\n");
process.stderr.write(`idf: ${docs} documents, ${kept.length} words → ${target.pathname}\n`);
