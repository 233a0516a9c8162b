import Database from "better-sqlite3";
import { closeSync, openSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDoctor } from "../../src/cli/commands/doctor.ts";
import { INDEX_SCHEMA_VERSION } from "../../src/cli/commands/version.ts";
import { loadConfig } from "../../src/config.ts";
import { prefilledDataDir } from "../support/cli.ts";
import { loadSeedFactCheck } from "../support/seed.ts";

/** `claimbot doctor` on the embedded index: schema versions, record count, integrity_check. */
describe("claimbot doctor: the embedded index", () => {
  const dirs: string[] = [];
  const fresh = async (): Promise<string> => {
    const dir = await prefilledDataDir("claimbot-doctor-", [loadSeedFactCheck()]);
    dirs.push(dir);
    return dir;
  };
  const doctor = (dir: string, env: Record<string, string> = {}) =>
    runDoctor(loadConfig({ CLAIMBOT_DATA_DIR: dir, ...env }), { fix: false });
  let healthy: string;

  beforeAll(async () => {
    healthy = await fresh();
  });
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("a sound file: schema at this claimbot's version, the record count, integrity_check ok, 16 KiB pages", async () => {
    const checks = await doctor(healthy);
    const byName = Object.fromEntries(checks.map((c) => [c.name, c]));
    expect(byName.schema).toMatchObject({ status: "ok" });
    expect(byName.schema?.detail).toContain(`index v${INDEX_SCHEMA_VERSION} (this claimbot: v${INDEX_SCHEMA_VERSION})`);
    expect(byName.records).toMatchObject({ status: "ok", detail: expect.stringMatching(/^1 fact-checks, 1 languages/) });
    expect(byName.integrity).toEqual({ name: "integrity", status: "ok", detail: "integrity_check: ok" });
    expect(byName.pages).toEqual({ name: "pages", status: "ok", detail: "16 KiB pages" });
  });

  it("a file written by a newer claimbot fails the schema check and is not opened as an index", async () => {
    const dir = await fresh();
    const db = new Database(join(dir, "default.sqlite"));
    db.prepare("INSERT INTO schema_migrations (scope, version, applied_at) VALUES ('index', ?, 'later')").run(INDEX_SCHEMA_VERSION + 1);
    db.close();
    const checks = await doctor(dir);
    expect(checks.find((c) => c.name === "schema")).toMatchObject({ status: "fail", fix: expect.stringContaining("newer claimbot") });
    expect(checks.find((c) => c.name === "records")).toBeUndefined();
  });

  it("a damaged page is reported by integrity_check, with the fix", async () => {
    const dir = await fresh();
    const file = join(dir, "default.sqlite");
    const db = new Database(file);
    const pageSize = db.pragma("page_size", { simple: true }) as number;
    // An index of the chat store (runtime schema): its b-tree page header overwritten with an invalid page type.
    const { rootpage } = db.prepare<[], { rootpage: number }>("SELECT rootpage FROM sqlite_master WHERE name = 'feedback_created'").get()!;
    db.close();
    const fd = openSync(file, "r+");
    writeSync(fd, Buffer.alloc(8, 0xff), 0, 8, (rootpage - 1) * pageSize);
    closeSync(fd);
    const integrity = (await doctor(dir)).find((c) => c.name === "integrity");
    expect(integrity?.status).toBe("fail");
    expect(integrity?.detail).toMatch(new RegExp(`^integrity_check: \\d+ problem\\(s\\): .*page ${rootpage}\\b`));
    expect(integrity?.fix).toMatch(/move the file aside/);
  });

  it("with Meilisearch as the search backend, the embedded file (chat settings, feedback, tips) is checked too", async () => {
    const checks = await doctor(healthy, { SEARCH_BACKEND: "meilisearch", MEILI_URL: "http://127.0.0.1:9", MEILI_TIMEOUT_MS: "500" });
    const embedded = checks.filter((c) => c.name.startsWith("embedded "));
    expect(embedded.map((c) => [c.name, c.status])).toEqual([
      ["embedded data file", "ok"],
      ["embedded schema", "ok"],
      ["embedded integrity", "ok"],
      ["embedded pages", "ok"],
    ]);
  });

  it("a file with SQLite's 4 KiB pages: a warning with the fix; --fix rewrites it unless another process has it open", async () => {
    const dir = await fresh();
    const file = join(dir, "default.sqlite");
    // As claimbot made files before it used 16 KiB pages.
    const old = new Database(file);
    old.pragma("journal_mode = DELETE");
    old.pragma("page_size = 4096");
    old.exec("VACUUM");
    old.pragma("journal_mode = WAL");
    old.close();
    const pages = async (fix: boolean) => (await runDoctor(loadConfig({ CLAIMBOT_DATA_DIR: dir }), { fix })).find((c) => c.name === "pages");
    expect(await pages(false)).toMatchObject({ status: "warn", detail: expect.stringMatching(/^4 KiB pages/), fix: expect.stringContaining("claimbot doctor --fix") });
    // The bot serving from the file: nothing is rewritten, and the check says why.
    const bot = new Database(file);
    bot.pragma("journal_mode = WAL");
    expect(await pages(true)).toMatchObject({ status: "warn", detail: "4 KiB pages kept: another process has the file open" });
    expect(bot.pragma("page_size", { simple: true })).toBe(4096);
    bot.close();
    expect(await pages(true)).toMatchObject({ status: "ok", detail: expect.stringMatching(/^rewritten with 16 KiB pages \(were 4 KiB\) in \d+\.\d s$/) });
    const checks = await doctor(dir);
    expect(checks.find((c) => c.name === "pages")).toEqual({ name: "pages", status: "ok", detail: "16 KiB pages" });
    expect(checks.find((c) => c.name === "records")).toMatchObject({ status: "ok", detail: expect.stringMatching(/^1 fact-checks/) });
    expect(checks.find((c) => c.name === "integrity")).toMatchObject({ status: "ok" });
    const reopened = new Database(file);
    expect([reopened.pragma("page_size", { simple: true }), reopened.pragma("journal_mode", { simple: true })]).toEqual([16384, "wal"]);
    reopened.close();
  });
});
