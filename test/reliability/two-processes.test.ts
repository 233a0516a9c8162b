import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";
import { openDatabase } from "../../src/store/database.ts";
import { openRuntimeStores } from "../../src/store/runtime-stores.ts";

const WORKER = fileURLToPath(new URL("./hammer-worker.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface WorkerResult {
  pid: number;
  decisions: { cooldown: Record<string, number>; rate: Record<string, number> };
  fresh: number;
  stored: number;
  taken: number[];
}

interface Worker {
  ready: Promise<void>;
  go: () => void;
  result: Promise<WorkerResult>;
}

function startWorker(file: string, order: "up" | "down"): Worker {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER, file, order], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  let markReady: () => void = () => {};
  const ready = new Promise<void>((r) => (markReady = r));
  const result = new Promise<WorkerResult>((resolve, reject) => {
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      if (out.startsWith("ready\n")) markReady();
    });
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`worker exited ${code}: ${err.slice(-1500)}`));
      else resolve(JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as WorkerResult);
    });
  });
  return { ready, go: () => child.stdin.end("go\n"), result };
}

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/**
 * Two processes (as two shards, or a webhook process and a CLI, would) hammer the same chats on one data directory
 * at once. Whatever the interleaving: one act per fact-check per cooldown, never more acts than the per-chat limit,
 * each update id handled by exactly one process, each keyed reply stored once and each outbox item taken once.
 */
it("two processes on one data directory: cooldown, rate window, update ids and outbox hold across both", async () => {
  dir = mkdtempSync(join(tmpdir(), "claimbot-two-procs-"));
  const file = join(dir, "default.sqlite");
  openRuntimeStores(openDatabase(file)).db.close();
  const workers = [startWorker(file, "up"), startWorker(file, "down")];
  // Both set up (a cold tsx start can take seconds on a loaded machine), then both start together.
  await Promise.race([Promise.all(workers.map((w) => w.ready)), Promise.all(workers.map((w) => w.result))]);
  for (const w of workers) w.go();
  const [a, b] = await Promise.all(workers.map((w) => w.result));
  const sum = (k: "cooldown" | "rate", what: string) => (a!.decisions[k][what] ?? 0) + (b!.decisions[k][what] ?? 0);

  // 400 matching messages in a chat with a 60-minute cooldown: exactly one reply between the two processes.
  expect(sum("cooldown", "reply")).toBe(1);
  expect(sum("cooldown", "cooldown")).toBe(399);
  // 400 in a chat without cooldown and 5 acts per minute, no queue: exactly 5 replies in total.
  expect(sum("rate", "reply")).toBe(5);
  // The other 395 are silent: over the limit, or (rarely, on a loaded machine) a decision that could not take the
  // lock in time and stays silent — never a sixth reply.
  const rateKinds = new Set([...Object.keys(a!.decisions.rate), ...Object.keys(b!.decisions.rate)]);
  const rateSilent = [...rateKinds].filter((k) => k !== "reply").reduce((n, k) => n + sum("rate", k), 0);
  expect(rateSilent).toBe(395);
  expect(sum("rate", "queue-full")).toBeGreaterThanOrEqual(390);
  // Both offered update ids 0..1999: each is fresh in exactly one process.
  expect(a!.fresh + b!.fresh).toBe(2_000);
  // Both stored replies keyed k0..k199: 200 rows; each taken by exactly one process.
  expect(a!.stored + b!.stored).toBe(200);
  const taken = [...a!.taken, ...b!.taken];
  expect(taken).toHaveLength(200);
  expect(new Set(taken).size).toBe(200);
  // Both really took part (the interleaving is not one process after the other).
  expect(a!.fresh).toBeGreaterThan(0);
  expect(b!.fresh).toBeGreaterThan(0);
  const db = openDatabase(file);
  expect(openRuntimeStores(db).outbox.counts()).toMatchObject({ sent: 200, pending: 0 });
  db.close();
}, 90_000);
