#!/usr/bin/env node
// The `claimbot` command. Runs the compiled CLI in dist/ (`npm run build`; `npm install` builds it through
// `prepare`). In a source checkout where dist/ is missing or older than a source file, it runs the sources through
// tsx (a development dependency) instead, so an edit is never hidden behind a stale build. Where there are no
// sources (the Docker image), dist/ is used as it is.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const COMPILED = join(ROOT, "dist/src/cli/main.js");
const STAMP = join(ROOT, "dist/.build-stamp");
/** What the compiled output is made of; a change to any of them (or a file added or removed) makes dist/ stale. */
const SOURCES = ["src", "commands", "tsconfig.json", "tsconfig.build.json"];

/** True when some file or folder under `path` was modified after `since` (ms); stops at the first one. */
function newerThan(path, since) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return false;
  }
  if (stat.mtimeMs > since) return true;
  if (!stat.isDirectory()) return false;
  for (const name of readdirSync(path)) if (newerThan(join(path, name), since)) return true;
  return false;
}

function compiledIsCurrent() {
  if (!existsSync(STAMP) || !existsSync(COMPILED)) return false;
  if (!existsSync(join(ROOT, "src"))) return true;
  const builtAt = statSync(STAMP).mtimeMs;
  return !SOURCES.some((source) => newerThan(join(ROOT, source), builtAt));
}

if (compiledIsCurrent()) {
  await import(pathToFileURL(COMPILED).href);
} else {
  let register;
  try {
    ({ register } = await import("tsx/esm/api"));
  } catch {
    process.stderr.write("claimbot: dist/ is missing or out of date and tsx is not installed; run `npm run build`\n");
    process.exit(1);
  }
  register();
  await import(pathToFileURL(join(ROOT, "src/cli/main.ts")).href);
}
