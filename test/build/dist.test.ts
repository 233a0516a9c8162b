import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { builtinModules } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INDEX_SCHEMA_VERSION } from "../../src/cli/commands/version.ts";
import { prefilledDataDir } from "../support/cli.ts";
import { loadSeedFactCheck } from "../support/seed.ts";
import { execForm, readDockerfile, stageEnv } from "./dockerfile.ts";

/**
 * The compiled build: `scripts/build.mjs` (what `npm run build` runs, without the type check) into a folder laid out
 * as the image's /app (dist/, data/, node_modules/, package.json), then the image's exact CMD and HEALTHCHECK run
 * there with plain node.
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const { stages } = readDockerfile(new URL("Dockerfile", `file://${ROOT}`));
const final = stages.at(-1)!;
const CMD = execForm(final.instructions.find((i) => i.keyword === "CMD")!.args);
const HEALTHCHECK = execForm(final.instructions.find((i) => i.keyword === "HEALTHCHECK")!.args);
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string; dependencies: Record<string, string> };

/** The metric families /metrics served before prom-client (hand-written exposition), with their types. */
const METRICS_BEFORE: Record<string, string> = {
  claimbot_lookups_total: "counter",
  claimbot_errors_total: "counter",
  claimbot_group_decisions_total: "counter",
  claimbot_http_requests_total: "counter",
  claimbot_lookup_duration_seconds: "histogram",
  claimbot_ocr_engines: "gauge",
  claimbot_ocr_busy: "gauge",
  claimbot_ocr_queue_depth: "gauge",
  claimbot_ocr_timeouts: "gauge",
  claimbot_group_queue_depth: "gauge",
  claimbot_outbox_depth: "gauge",
  claimbot_ocr_images_read: "gauge",
  claimbot_ocr_cache_hits: "gauge",
};

const BUILD_TIMEOUT_MS = 180_000;

function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function* jsFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* jsFiles(path);
    else if (entry.name.endsWith(".js")) yield path;
  }
}

describe("the compiled build (dist/) run as the Docker image runs it", () => {
  let app: string;
  let dataDir: string;
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    ...process.env,
    ...stageEnv(final),
    CLAIMBOT_DATA_DIR: dataDir,
    TELEGRAM_BOT_TOKEN: "",
    DISCORD_TOKEN: "",
    LOG_LEVEL: "warn",
    ...extra,
  });

  beforeAll(async () => {
    app = mkdtempSync(join(tmpdir(), "claimbot-app-"));
    const built = await run(process.execPath, [join(ROOT, "scripts/build.mjs"), "--out-dir", join(app, "dist"), "--no-check"], { cwd: ROOT });
    expect(built.code, built.stderr).toBe(0);
    // The image's /app: dist/ beside data/, node_modules/ and package.json (here links to the checkout's).
    symlinkSync(join(ROOT, "node_modules"), join(app, "node_modules"), "dir");
    symlinkSync(join(ROOT, "data"), join(app, "data"), "dir");
    copyFileSync(join(ROOT, "package.json"), join(app, "package.json"));
    dataDir = await prefilledDataDir("claimbot-dist-", [loadSeedFactCheck()]);
  }, BUILD_TIMEOUT_MS);

  afterAll(() => {
    if (app) rmSync(app, { recursive: true, force: true });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("imports only Node built-ins and production dependencies (never tsx, typescript or vitest)", () => {
    const allowed = new Set(Object.keys(pkg.dependencies));
    const bare = new Set<string>();
    for (const file of jsFiles(join(app, "dist"))) {
      const text = readFileSync(file, "utf8");
      // Static imports and re-exports (tsc ends each with ";"), side-effect imports, and dynamic imports of literals.
      const specifiers = [
        ...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["'];/gm),
        ...text.matchAll(/^\s*import\s*["']([^"']+)["'];/gm),
        ...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
      ].map((m) => m[1]!);
      for (const specifier of specifiers) if (!specifier.startsWith(".")) bare.add(specifier);
    }
    const packages = [...bare]
      .filter((s) => !s.startsWith("node:") && !builtinModules.includes(s))
      .map((s) => (s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : s.split("/")[0]!));
    expect(packages.length).toBeGreaterThan(5);
    expect(packages.filter((p) => !allowed.has(p))).toEqual([]);
  });

  it("`--version` prints the package version and the index schema version", async () => {
    const result = await run(process.execPath, [CMD[1]!, "--version"], { cwd: app, env: env() });
    expect(result.stdout.trim()).toBe(`claimbot ${pkg.version} (index schema ${INDEX_SCHEMA_VERSION})`);
  });

  it("`check` answers from dist/ (the reranker, idf and gazetteer models load beside the compiled code)", async () => {
    const result = await run(process.execPath, [CMD[1]!, "check", "--json", "North Korea has decided to send troops to Ukraine to support Russia"], { cwd: app, env: env() });
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as { outcome: string; matches: Array<{ id: string }> };
    expect(json.outcome).toBe("match");
    expect(json.matches[0]?.id).toBe(loadSeedFactCheck().id);
  });

  it("bin/claimbot.js runs dist/ where there are no sources (as in the image)", async () => {
    mkdirSync(join(app, "bin"));
    copyFileSync(join(ROOT, "bin/claimbot.js"), join(app, "bin/claimbot.js"));
    const result = await run(process.execPath, [join(app, "bin/claimbot.js"), "--version"], { cwd: app, env: env() });
    expect(result.stdout.trim()).toBe(`claimbot ${pkg.version} (index schema ${INDEX_SCHEMA_VERSION})`);
  });

  describe("the image's CMD", () => {
    let child: ChildProcess;
    let port: number;
    let stderr = "";
    const base = () => `http://127.0.0.1:${port}`;

    beforeAll(async () => {
      port = await freePort();
      expect(CMD[0]).toBe("node");
      child = spawn(process.execPath, CMD.slice(1), { cwd: app, env: env({ HTTP_PORT: String(port), HTTP_HOST: "127.0.0.1" }), stdio: ["ignore", "ignore", "pipe"] });
      child.stderr!.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
      const deadline = Date.now() + 60_000;
      for (;;) {
        const ok = await fetch(`${base()}/healthz`).then((r) => r.ok, () => false);
        if (ok) break;
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`serve did not come up: ${stderr.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }, 90_000);

    afterAll(() => {
      if (child && child.exitCode === null) child.kill("SIGKILL");
    });

    it("serves /healthz, and the HEALTHCHECK command passes", async () => {
      const res = await fetch(`${base()}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: "ok" });
      const health = await run(process.execPath, HEALTHCHECK.slice(1), { cwd: app, env: env({ HTTP_PORT: String(port) }) });
      expect(health.code).toBe(0);
    });

    it("answers POST /v1/lookup with the seed fact-check", async () => {
      const res = await fetch(`${base()}/v1/lookup`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text: "North Korea has decided to send troops to Ukraine to support Russia" }),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ outcome: "match", matches: [{ id: loadSeedFactCheck().id }] });
    });

    it("serves /metrics through prom-client: every metric family of before, same names and types, plus process metrics", async () => {
      const res = await fetch(`${base()}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
      const text = await res.text();
      const types = Object.fromEntries([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
      const claimbot = Object.fromEntries(Object.entries(types).filter(([name]) => name.startsWith("claimbot_")));
      expect(claimbot).toMatchObject(METRICS_BEFORE);
      expect(text).toMatch(/^claimbot_lookups_total\{mode="dm",outcome="match"\} 1$/m);
      expect(text).toMatch(/^claimbot_lookup_duration_seconds_count\{mode="dm"\} 1$/m);
      expect(text).toMatch(/^claimbot_http_requests_total\{route="\/healthz",status="200"\} \d+$/m);
      for (const name of ["process_cpu_seconds_total", "process_resident_memory_bytes", "nodejs_eventloop_lag_seconds", "nodejs_heap_size_used_bytes", "nodejs_gc_duration_seconds"]) {
        expect(types[name], name).toBeDefined();
      }
    });

    it("stops gracefully on SIGTERM (exit 0), after which the HEALTHCHECK fails", async () => {
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      const health = await run(process.execPath, HEALTHCHECK.slice(1), { cwd: app, env: env({ HTTP_PORT: String(port) }) });
      expect(health.code).toBe(1);
    });
  });
});
