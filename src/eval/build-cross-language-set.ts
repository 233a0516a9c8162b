/**
 * Builds a cross-language eval set: the posts of a CheckThat! split translated by Apertium (default `eng-spa`), with
 * the split's qrels, to be matched back against the English collection (docs/cross-language.md).
 *
 *   npx tsx src/eval/build-cross-language-set.ts --collection ../shared/data/checkthat/2022-2a-en --split dev \
 *     --direction eng-spa --out test/fixtures/eval/cross-language/es-2a-dev
 *
 * The tweet's body is translated; URLs, @handles, #hashtags and the embed signature ("— Name (@handle) Month d,
 * yyyy") are kept as they are, as in a tweet copied from an embed. Deterministic for a given Apertium version.
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { silentLogger } from "../core/logger.ts";
import { ApertiumPipeline, findApertium } from "../translate/apertium.ts";
import { checkthatSplitFiles, loadQueries } from "./checkthat.ts";

const SIGNATURE = /\s*[—–-]{1,2}\s*[^—–\n]{0,80}?\(@\w{1,30}\)\s*(?:[A-Z][a-z]{2,9}\.? \d{1,2}, \d{4})?\s*$/u;
const KEEP = /(https?:\/\/\S+|pic\.twitter\.com\/\w+|@\w+|#\w+)/gu;

/** Translates the words of a post and keeps what is not language (links, handles, hashtags, the signature). */
export async function translatePostText(text: string, translate: (s: string) => Promise<string>): Promise<string> {
  const signature = SIGNATURE.exec(text)?.[0] ?? "";
  const body = signature ? text.slice(0, text.length - signature.length) : text;
  const parts = body.split(KEEP);
  const out: string[] = [];
  for (const [i, part] of parts.entries()) {
    if (i % 2 === 1 || !/\p{L}/u.test(part)) out.push(part);
    else {
      const lead = /^\s*/.exec(part)![0];
      const trail = /\s*$/.exec(part)![0];
      out.push(`${lead}${await translate(part)}${trail}`);
    }
  }
  return `${out.join("")}${signature}`.replace(/[\t\n]+/g, " ");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      collection: { type: "string" },
      split: { type: "string", default: "dev" },
      direction: { type: "string", default: "eng-spa" },
      out: { type: "string" },
    },
  });
  if (!values.collection || !values.out) throw new Error("--collection <CheckThat folder> and --out <prefix> are required");
  const install = findApertium();
  const modeFile = install ? join(install.modesDir, `${values.direction}.mode`) : "";
  if (!install || !existsSync(modeFile)) throw new Error(`Apertium with the ${values.direction} mode is needed (apt-get install apertium apertium-eng-spa)`);
  const split = checkthatSplitFiles(values.collection, values.split!);
  const queries = loadQueries(split.queries);
  const pipeline = new ApertiumPipeline({ mode: values.direction!, file: modeFile }, silentLogger);
  await pipeline.warm;
  const lines = ["id\ttext"];
  try {
    for (const [i, q] of queries.entries()) {
      lines.push(`${q.id}\t${await translatePostText(q.text, (s) => pipeline.send(s))}`);
      if ((i + 1) % 50 === 0) process.stderr.write(`${i + 1}/${queries.length}\n`);
    }
  } finally {
    pipeline.stop();
  }
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(`${values.out}.queries.tsv`, `${lines.join("\n")}\n`);
  copyFileSync(split.qrels, `${values.out}.qrels.tsv`);
  process.stderr.write(`${queries.length} posts → ${values.out}.queries.tsv (+ qrels)\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
