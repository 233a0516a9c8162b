import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import { ConfigSchema } from "../../src/config.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { toLookupJson } from "../../src/core/lookup.ts";
import { createMeilisearchIndex } from "../../src/search/meilisearch.ts";
import { sampleRecords } from "../contract/fixtures.ts";
import { MeilisearchFake, type FakeKeys } from "./meilisearch-fake.ts";

/**
 * The real CLI in a child process, pointed at the loopback fake: `SEARCH_BACKEND=meilisearch claimbot ingest`,
 * `claimbot check`. Asserts wiring and failure handling, never relevance.
 */
const KEYS: FakeKeys = { master: "cli-master-key-1", admin: "cli-admin-key-22", search: "cli-search-key-333" };
const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "bin/claimbot.js");
const UID = "cli-factchecks";
const TIMEOUT_MS = 1500;

let fake: MeilisearchFake;
let dir: string;
let jsonl: string;
beforeAll(async () => {
  fake = await MeilisearchFake.start({ keys: KEYS });
  dir = mkdtempSync(join(tmpdir(), "claimbot-meili-cli-"));
  jsonl = join(dir, "records.jsonl");
  writeFileSync(jsonl, `${sampleRecords().map((r) => JSON.stringify(r)).join("\n")}\n`);
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

function cliEnv(): Record<string, string> {
  return {
    SEARCH_BACKEND: "meilisearch",
    MEILI_URL: fake.url,
    MEILI_INDEX: UID,
    MEILI_API_KEY: KEYS.search,
    MEILI_ADMIN_KEY: KEYS.admin,
    MEILI_TIMEOUT_MS: String(TIMEOUT_MS),
    CLAIMBOT_DATA_DIR: join(dir, "data"),
    LOG_LEVEL: "silent",
  };
}

function claimbot(args: string[]): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? dir, ...cliEnv() };
  const started = Date.now();
  return new Promise((done) => {
    // Asynchronous on purpose: the fake answers from this process's event loop.
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      done({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

describe("claimbot CLI on SEARCH_BACKEND=meilisearch (loopback fake)", () => {
  it("ingest writes with the admin key, check searches with the search key", async () => {
    const ingest = await claimbot(["ingest", jsonl]);
    expect(ingest.stderr).toBe("");
    expect(ingest.code).toBe(0);
    expect(fake.indexes.get(UID)?.docs.size).toBe(5);
    expect(fake.requests.filter((r) => r.path.includes("/documents")).every((r) => r.auth === "admin")).toBe(true);

    const before = fake.requests.length;
    const check = await claimbot(["check", "--json", "The zorblax vaccine contains microchips that track people"]);
    expect(check.code).toBe(0);
    const result = JSON.parse(check.stdout) as { outcome: string; reason?: string };
    expect(["match", "related", "none"]).toContain(result.outcome);
    const sent = fake.requests.slice(before);
    const searches = sent.filter((r) => r.path === "/multi-search");
    expect(searches.length).toBeGreaterThanOrEqual(1);
    expect(sent.every((r) => r.auth === "search")).toBe(true);
    const query = (searches[0]!.body as { queries: Array<Record<string, unknown>> }).queries[0]!;
    expect(query).toMatchObject({ indexUid: UID, matchingStrategy: "frequency", showRankingScore: true });

  }, 90_000);

  it("a lookup through createApp answers rejected/search-unavailable while the server fails, and works again after", async () => {
    // In-process: `claimbot check` in a child process cannot show this yet, because createApp's starter-data step
    // calls index.count() first and that throws SearchUnavailableError while the server is down (see H7 report).
    const config = ConfigSchema.parse({ ...cliEnv(), MEILI_TIMEOUT_MS: String(TIMEOUT_MS) });
    if (!fake.indexes.get(UID)?.docs.size) {
      await (await createMeilisearchIndex(config, { logger: silentLogger, admin: true })).upsert(sampleRecords());
    }
    const app = await createApp({ config, logger: silentLogger, skipStarterData: true });
    try {
      const post = { text: "The zorblax vaccine contains microchips that track people" };
      for (const mode of ["hang", "503"] as const) {
        fake.setFault(mode);
        const started = Date.now();
        const down = await app.lookup(post, "dm");
        fake.heal();
        expect(toLookupJson(down)).toMatchObject({ outcome: "rejected", reason: "search-unavailable", matches: [] });
        expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 500);
      }
      const up = await app.lookup(post, "dm");
      expect(up.outcome).not.toBe("rejected");
    } finally {
      fake.heal();
      await app.close();
    }
  });
});
