import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDoctor, formatChecks } from "../../src/cli/commands/doctor.ts";
import { ConfigSchema, type Config } from "../../src/config.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { createMeilisearchIndex } from "../../src/search/meilisearch.ts";
import { versionAtLeast } from "../../src/search/meilisearch-doctor.ts";
import { SqliteFtsIndex } from "../../src/search/sqlite-fts.ts";
import { dataPaths, openDatabase } from "../../src/store/database.ts";
import { sampleRecords } from "../contract/fixtures.ts";
import { MeilisearchFake, type FakeKeys } from "./meilisearch-fake.ts";

const KEYS: FakeKeys = { master: "doc-master-key-1", admin: "doc-admin-key-22", search: "doc-search-key-333" };
let fake: MeilisearchFake;
beforeAll(async () => {
  fake = await MeilisearchFake.start({ keys: KEYS });
});
afterAll(async () => {
  await fake.close();
});

/** An empty data directory: no embedded SQLite file, so doctor reports Meilisearch alone (whatever ./.claimbot holds). */
const EMPTY_DATA_DIR = mkdtempSync(join(tmpdir(), "claimbot-doctor-meili-"));
afterAll(() => rmSync(EMPTY_DATA_DIR, { recursive: true, force: true }));

const meili = (uid: string, extra: Record<string, string> = {}): Config =>
  ConfigSchema.parse({
    CLAIMBOT_DATA_DIR: EMPTY_DATA_DIR,
    SEARCH_BACKEND: "meilisearch",
    MEILI_URL: fake.url,
    MEILI_INDEX: uid,
    MEILI_API_KEY: KEYS.search,
    MEILI_ADMIN_KEY: KEYS.admin,
    ...extra,
  });
const byName = (checks: Array<{ name: string; status: string }>) => Object.fromEntries(checks.map((c) => [c.name, c.status]));

describe("claimbot doctor (Meilisearch, loopback fake)", () => {
  it("passes on a healthy deployment and never prints a key", async () => {
    const config = meili("doc-ok");
    const admin = await createMeilisearchIndex(config, { logger: silentLogger, admin: true });
    await admin.upsert(sampleRecords());
    const checks = await runDoctor(config, { fix: false });
    expect(byName(checks)).toEqual({
      reachability: "ok",
      version: "ok",
      "search key": "ok",
      "admin key": "ok",
      index: "ok",
      settings: "ok",
    });
    expect(checks.find((c) => c.name === "index")!.detail).toContain("5 fact-checks");
    const text = formatChecks("meilisearch", checks) + JSON.stringify(checks);
    for (const key of Object.values(KEYS)) expect(text).not.toContain(key);
    expect(text).toContain("no problem found");
  });

  it("reports settings drift with a fix, and --fix repairs it", async () => {
    const config = meili("doc-drift");
    const admin = await createMeilisearchIndex(config, { logger: silentLogger, admin: true });
    await admin.upsert(sampleRecords());
    const settings = fake.indexes.get("doc-drift")!.settings;
    settings.searchableAttributes = ["*"];
    settings.typoTolerance = { enabled: true, disableOnNumbers: false };
    const drifted = await runDoctor(config, { fix: false });
    const failing = drifted.filter((c) => c.status === "fail");
    expect(failing.map((c) => c.name)).toEqual(["settings.searchableAttributes", "settings.typoTolerance"]);
    expect(failing[0]!.fix).toContain("claimbot doctor --fix");
    expect(formatChecks("meilisearch", drifted)).toMatch(/✗ settings\.searchableAttributes: expected \["claim"/);

    const fixed = await runDoctor(config, { fix: true });
    expect(byName(fixed)).toMatchObject({ fix: "ok", settings: "ok" });
    expect(fixed.some((c) => c.status === "fail")).toBe(false);
  });

  it("fails a bot key that can write, and an admin key that cannot", async () => {
    const config = meili("doc-ok", { MEILI_API_KEY: KEYS.admin, MEILI_ADMIN_KEY: KEYS.search });
    const checks = await runDoctor(config, { fix: false });
    const search = checks.find((c) => c.name === "search key")!;
    expect(search.status).toBe("fail");
    expect(search.detail).toContain("can write");
    expect(search.fix).toContain('["search"]');
    expect(checks.find((c) => c.name === "admin key")!.status).toBe("fail");
  });

  it("says how to create a missing index and rejects an old server", async () => {
    fake.version = "1.12.3";
    try {
      const checks = await runDoctor(meili("doc-never-created"), { fix: false });
      expect(byName(checks)).toMatchObject({ version: "fail", index: "fail" });
      expect(checks.find((c) => c.name === "index")!.fix).toContain("claimbot ingest");
      expect(checks.find((c) => c.name === "version")!.fix).toContain("getmeili/meilisearch:v1.49.0");
    } finally {
      fake.version = "1.49.0";
    }
  });

  it("reports an unreachable server with how to start it", async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const checks = await runDoctor(meili("x", { MEILI_URL: `http://127.0.0.1:${port}` }), { fix: false });
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ name: "reachability", status: "fail" });
    expect(checks[0]!.fix).toContain("docker compose up -d meilisearch");
  });

  it("compares versions numerically", () => {
    expect(versionAtLeast("1.49.0", "1.15.0")).toBe(true);
    expect(versionAtLeast("1.15.0", "1.15.0")).toBe(true);
    expect(versionAtLeast("1.9.9", "1.15.0")).toBe(false);
    expect(versionAtLeast("2.0.0-rc.1", "1.15.0")).toBe(true);
  });
});

describe("claimbot doctor (SQLite)", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "claimbot-doctor-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reports a missing data file, then the file, schema, record count, integrity_check and page size", async () => {
    const config = ConfigSchema.parse({ CLAIMBOT_DATA_DIR: dir, CLAIMBOT_INDEX: "doctor" });
    const before = await runDoctor(config, { fix: false });
    expect(before).toMatchObject([{ name: "data file", status: "warn" }]);

    const db = openDatabase(dataPaths(config).dbFile);
    await new SqliteFtsIndex(db).upsert(sampleRecords());
    db.close();
    const after = await runDoctor(config, { fix: false });
    expect(byName(after)).toEqual({ "data file": "ok", schema: "ok", records: "ok", integrity: "ok", pages: "ok" });
    expect(after[0]!.detail).toContain("doctor.sqlite");
    expect(after.find((c) => c.name === "schema")!.detail).toMatch(/index v\d+/);
    expect(after.find((c) => c.name === "records")!.detail).toMatch(/^5 fact-checks, 3 languages, newest 2022-04-27/);
  });
});
