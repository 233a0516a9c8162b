/**
 * Reports, per publisher in ../shared/data (fact-check collections and CheckThat! vclaims with a rating), how many
 * ratings normalise to `other`, and every distinct rating with its verdict and how it was resolved.
 *
 *   npx tsx scripts/verdict-other-share.ts [--shared ../shared] [--markdown]
 */
import { createReadStream, existsSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { resolveVerdict } from "../src/core/verdicts.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function sharedDir(): string {
  const i = process.argv.indexOf("--shared");
  return resolve(ROOT, (i >= 0 ? process.argv[i + 1] : undefined) ?? "../shared");
}

interface Tally {
  total: number;
  other: number;
  ratings: Map<string, number>;
}

async function main(): Promise<void> {
  const data = join(sharedDir(), "data");
  const files = [
    ...readdirSync(join(data, "factchecks"))
      .filter((f) => f.endsWith(".jsonl"))
      .map((f) => join(data, "factchecks", f)),
    ...readdirSync(join(data, "checkthat"))
      .map((d) => join(data, "checkthat", d, "vclaims.jsonl"))
      .filter((f) => existsSync(f)),
  ];
  const byPublisher = new Map<string, Tally>();
  const distinct = new Map<string, { count: number; site?: string }>();
  for (const file of files) {
    const source = file.slice(data.length + 1);
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as Record<string, unknown>;
      const rating = typeof row.verdict === "string" ? row.verdict : typeof row.rating === "string" ? row.rating : null;
      if (rating === null) continue;
      const site = typeof row.publisher_site === "string" ? row.publisher_site : undefined;
      const publisher = `${typeof row.publisher === "string" ? row.publisher : "?"} (${source})`;
      const tally = byPublisher.get(publisher) ?? { total: 0, other: 0, ratings: new Map() };
      byPublisher.set(publisher, tally);
      const { verdict } = resolveVerdict(rating, site ? { site } : undefined);
      tally.total++;
      if (verdict === "other") {
        tally.other++;
        tally.ratings.set(rating, (tally.ratings.get(rating) ?? 0) + 1);
      }
      const d = distinct.get(rating) ?? { count: 0, ...(site ? { site } : {}) };
      d.count++;
      distinct.set(rating, d);
    }
  }
  console.log("| publisher (file) | rated rows | → other | share | ratings that gave other |");
  console.log("|---|---:|---:|---:|---|");
  for (const [publisher, t] of [...byPublisher.entries()].sort()) {
    const which = [...t.ratings.entries()].map(([r, n]) => `${r} ×${n}`).join(", ");
    console.log(
      `| ${publisher} | ${t.total} | ${t.other} | ${((100 * t.other) / t.total).toFixed(2)} % | ${which || "–"} |`,
    );
  }
  console.log("\n| distinct rating | rows | verdict | via |");
  console.log("|---|---:|---|---|");
  for (const [rating, d] of [...distinct.entries()].sort((a, b) => b[1].count - a[1].count)) {
    const r = resolveVerdict(rating, d.site ? { site: d.site } : undefined);
    console.log(`| ${rating} | ${d.count} | ${r.verdict} | ${r.via} |`);
  }
}

await main();
