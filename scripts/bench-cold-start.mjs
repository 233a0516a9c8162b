#!/usr/bin/env node
// Cold start of `claimbot check "<text>"`, process start to exit (the answer is printed just before exit): the
// sources through tsx (how `npx claimbot` ran before dist/) against the compiled dist/ (the Docker image's entry) and
// bin/claimbot.js (dist/ after its freshness check). Wall and CPU (user + sys, from /usr/bin/time) per run; the
// variants are interleaved (A B C D, A B C D, …) so a busy machine slows them alike. Needs `npm run build` first and
// a filled data directory (any earlier `claimbot check` on CLAIMBOT_DATA_DIR).
//   node scripts/bench-cold-start.mjs [runs=15]
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const runs = Number(process.argv[2] ?? 15);
const text = "North Korea has decided to send troops to Ukraine to support Russia";
const env = { ...process.env, LOG_LEVEL: "warn" };
const check = ["check", text];
const variants = {
  "tsx, cache warm": { args: ["--import", "tsx", "src/cli/main.ts", ...check], env },
  "tsx, cache off (TSX_DISABLE_CACHE=1, as in a new container)": { args: ["--import", "tsx", "src/cli/main.ts", ...check], env: { ...env, TSX_DISABLE_CACHE: "1" } },
  "node dist/src/cli/main.js": { args: ["dist/src/cli/main.js", ...check], env },
  "node bin/claimbot.js (dist/)": { args: ["bin/claimbot.js", ...check], env },
};
const scratch = mkdtempSync(join(tmpdir(), "claimbot-cold-"));
const timeFile = join(scratch, "time.txt");
const wall = {};
const cpu = {};
try {
  for (const v of Object.values(variants)) spawnSync(process.execPath, v.args, { cwd: ROOT, env: v.env }); // warm-up
  for (let i = 0; i < runs; i++) {
    for (const [name, v] of Object.entries(variants)) {
      const r = spawnSync("/usr/bin/time", ["-f", "%e %U %S", "-o", timeFile, process.execPath, ...v.args], { cwd: ROOT, env: v.env, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`${name}: exit ${r.status} ${r.stderr.slice(-300)}`);
      const [e, u, s] = readFileSync(timeFile, "utf8").trim().split("\n").at(-1).split(" ").map(Number);
      (wall[name] ??= []).push(e * 1000);
      (cpu[name] ??= []).push((u + s) * 1000);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
console.log("| variant | runs | wall median | wall min–max | CPU median |\n|---|---|---|---|---|");
for (const name of Object.keys(variants)) {
  const w = wall[name];
  console.log(`| ${name} | ${w.length} | ${median(w).toFixed(0)} ms | ${Math.min(...w).toFixed(0)}–${Math.max(...w).toFixed(0)} ms | ${median(cpu[name]).toFixed(0)} ms |`);
}
