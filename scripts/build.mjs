#!/usr/bin/env node
// `npm run build`: compiles src/ and commands/ to dist/ with tsc (tsconfig.build.json), then lays dist/ out so the
// compiled code finds what it reads by path, exactly as the sources do:
// - src/**/*.json (the reranker, idf and gazetteer models read with readFileSync) are copied beside the .js;
// - dist/data and dist/package.json are relative links to ../data and ../package.json, because a compiled file sits
//   one folder deeper than its source (dist/src/ingest/starter.js reads <its folder>/../../data/starter/).
// So dist/ must sit beside data/ and package.json, as it does in a checkout and in the Docker image (/app).
// Plain JavaScript on purpose: it runs before anything is compiled and without tsx.
//
// Usage: node scripts/build.mjs [--out-dir <dir>] [--no-check] [--optional]
//   --no-check  emit without type-checking (tsc --noCheck; same output, about a third faster); `npm run
//               typecheck` is the type check. `prepare` uses it so a type error never blocks `npm install`.
//   --optional  when typescript is not installed (`npm ci --omit=dev`), say so and exit 0 instead of failing:
//               `prepare` runs on production installs too, where dist/ comes from an earlier build.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Written last: its presence says the build completed; bin/claimbot.js compares its age with the sources'. */
export const BUILD_STAMP = ".build-stamp";

function parseArgs(argv) {
  const options = { outDir: join(ROOT, "dist"), check: true, optional: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--no-check") options.check = false;
    else if (argv[i] === "--optional") options.optional = true;
    else if (argv[i] === "--out-dir" && argv[i + 1]) options.outDir = resolve(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]} (usage: build.mjs [--out-dir <dir>] [--no-check] [--optional])`);
  }
  return options;
}

function* jsonFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* jsonFiles(path);
    else if (entry.name.endsWith(".json")) yield path;
  }
}

function build({ outDir, check, optional }) {
  const started = performance.now();
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  } catch (error) {
    if (!optional) throw error;
    process.stderr.write("build: skipped, typescript is not installed (a production install); dist/ is left as it is\n");
    return 0;
  }
  rmSync(outDir, { recursive: true, force: true });
  const args = [tsc, "-p", join(ROOT, "tsconfig.build.json"), "--outDir", outDir, ...(check ? [] : ["--noCheck"])];
  const result = spawnSync(process.execPath, args, { stdio: "inherit" });
  if (result.status !== 0) {
    process.stderr.write(`build: tsc failed (exit ${result.status ?? result.signal})\n`);
    return result.status ?? 1;
  }
  for (const file of jsonFiles(join(ROOT, "src"))) {
    const target = join(outDir, relative(ROOT, file));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
  }
  symlinkSync("../data", join(outDir, "data"), "dir");
  symlinkSync("../package.json", join(outDir, "package.json"), "file");
  writeFileSync(join(outDir, BUILD_STAMP), `${JSON.stringify({ builtAt: new Date().toISOString(), checked: check })}\n`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stderr.write(`build: ${relative(process.cwd(), outDir) || "."} in ${seconds} s${check ? "" : " (not type-checked)"}\n`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = build(parseArgs(process.argv.slice(2)));
}
