import { existsSync, statSync } from "node:fs";
import type Database from "better-sqlite3";
import type { Command } from "commander";
import { loadConfig, type Config } from "../../config.ts";
import { silentLogger } from "../../core/logger.ts";
import type { DoctorCheck } from "../../search/meilisearch-doctor.ts";

const MARK: Record<DoctorCheck["status"], string> = { ok: "✓", warn: "!", fail: "✗" };

/**
 * `claimbot doctor [--json] [--fix]`: checks the configured search backend and says how to fix what is wrong.
 * Meilisearch: reachability, version, key rights, index, settings drift (`--fix` applies the expected settings).
 * SQLite: the data file, its schema versions against this claimbot's, the record count and `PRAGMA integrity_check`
 * (with Meilisearch too, for the chat settings, feedback and tips kept there). Exit code 1 when a check fails.
 */
export function register(program: Command): void {
  program
    .command("doctor")
    .description("check the search backend (reachability, version, keys, settings drift) and say how to fix it")
    .option("--json", "print the checks as JSON")
    .option(
      "--fix",
      "Meilisearch: apply the expected index settings with MEILI_ADMIN_KEY, then check again; SQLite: rewrite a file with small pages (stop the bot first)",
    )
    .action(async (options: { json?: boolean; fix?: boolean }) => {
      const config = loadConfig();
      const checks = await runDoctor(config, { fix: options.fix ?? false });
      const { ocrChecks } = await import("../../ocr/doctor.ts");
      checks.push(...ocrChecks(config));
      const { translatorChecks } = await import("../../translate/doctor.ts");
      checks.push(...translatorChecks(config));
      if (options.json) process.stdout.write(`${JSON.stringify({ backend: config.SEARCH_BACKEND, checks }, null, 2)}\n`);
      else process.stdout.write(formatChecks(config.SEARCH_BACKEND, checks));
      if (checks.some((c) => c.status === "fail")) process.exitCode = 1;
    });
}

/** Runs the checks of the configured backend. */
export async function runDoctor(config: Config, options: { fix: boolean }): Promise<DoctorCheck[]> {
  if (config.SEARCH_BACKEND === "meilisearch") {
    const { diagnoseMeilisearch } = await import("../../search/meilisearch-doctor.ts");
    const fixes: DoctorCheck[] = [];
    if (options.fix) {
      try {
        const { createMeilisearchIndex } = await import("../../search/meilisearch.ts");
        const index = await createMeilisearchIndex(config, { logger: silentLogger, admin: true });
        await index.close();
        fixes.push({ name: "fix", status: "ok", detail: `index "${config.MEILI_INDEX}" exists and its settings were applied` });
      } catch (error) {
        fixes.push({ name: "fix", status: "fail", detail: error instanceof Error ? error.message : "could not apply settings" });
      }
    }
    // The file the bot keeps chat settings, feedback and tips in; none yet (an ingest host) is nothing to report.
    const { dataPaths } = await import("../../store/database.ts");
    const embedded = existsSync(dataPaths(config).dbFile)
      ? (await diagnoseSqlite(config, { index: false, fix: options.fix })).map((c) => ({ ...c, name: `embedded ${c.name}` }))
      : [];
    return [...fixes, ...(await diagnoseMeilisearch(config)), ...embedded];
  }
  return diagnoseSqlite(config, { index: true, fix: options.fix });
}

/** Versions of the schema scopes this claimbot writes (`schema_migrations`), by scope. */
async function codeSchemaVersions(): Promise<Record<string, number>> {
  const { INDEX_SCHEMA_VERSION } = await import("./version.ts");
  const { RUNTIME_MIGRATIONS, RUNTIME_SCHEMA_SCOPE } = await import("../../store/runtime-schema.ts");
  return { index: INDEX_SCHEMA_VERSION, [RUNTIME_SCHEMA_SCOPE]: RUNTIME_MIGRATIONS.length };
}

function readSchemaVersions(db: Database.Database): Array<{ scope: string; version: number }> {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!hasTable) return [];
  return db
    .prepare<[], { scope: string; version: number }>("SELECT scope, MAX(version) AS version FROM schema_migrations GROUP BY scope ORDER BY scope")
    .all();
}

/**
 * The schema version of each scope in the file against the one this claimbot writes; `before` is what the file held
 * before this run opened the index (which migrates an older schema, as any start does).
 */
function schemaCheck(
  found: ReadonlyArray<{ scope: string; version: number }>,
  code: Record<string, number>,
  before: ReadonlyArray<{ scope: string; version: number }> = found,
): DoctorCheck {
  if (found.length === 0) return { name: "schema", status: "warn", detail: "no schema yet", fix: "the next start creates it" };
  const detail = found
    .map((s) => {
      const was = before.find((b) => b.scope === s.scope)?.version;
      const migrated = was !== undefined && was < s.version ? `, migrated from v${was} now` : "";
      return `${s.scope} v${s.version}${code[s.scope] === undefined ? "" : ` (this claimbot: v${code[s.scope]}${migrated})`}`;
    })
    .join(", ");
  const newer = found.filter((s) => code[s.scope] !== undefined && s.version > code[s.scope]!);
  if (newer.length > 0) {
    return { name: "schema", status: "fail", detail, fix: "the file was written by a newer claimbot: upgrade claimbot, or point CLAIMBOT_DATA_DIR elsewhere" };
  }
  const older = found.filter((s) => code[s.scope] !== undefined && s.version < code[s.scope]!);
  if (older.length > 0) return { name: "schema", status: "warn", detail, fix: "the next start migrates it (append-only migrations)" };
  return { name: "schema", status: "ok", detail };
}

/**
 * The embedded SQLite file: it exists, `PRAGMA integrity_check` passes, its schema versions against this claimbot's,
 * its page size, and (when it is the search backend) the fact-check count. With Meilisearch the file still holds
 * chat settings, feedback and tips, so it is checked too, without the record count. `fix`: a file with small pages is
 * rewritten with `SQLITE_PAGE_SIZE` pages.
 */
async function diagnoseSqlite(config: Config, options: { index: boolean; fix: boolean }): Promise<DoctorCheck[]> {
  const { dataPaths, openDatabase } = await import("../../store/database.ts");
  const { dbFile } = dataPaths(config);
  if (!existsSync(dbFile)) {
    return [
      {
        name: "data file",
        status: "warn",
        detail: `${dbFile} does not exist yet`,
        fix: "run `claimbot check <text>` or `npm start`: the first use fills it from data/ (or set CLAIMBOT_DATA_DIR)",
      },
    ];
  }
  const checks: DoctorCheck[] = [
    { name: "data file", status: "ok", detail: `${dbFile} (${(statSync(dbFile).size / 1024 / 1024).toFixed(1)} MiB)` },
  ];
  const db = openDatabase(dbFile);
  try {
    const code = await codeSchemaVersions();
    const before = readSchemaVersions(db);
    const tooNew = before.some((s) => code[s.scope] !== undefined && s.version > code[s.scope]!);
    let records: DoctorCheck | undefined;
    if (options.index && !tooNew) {
      try {
        const { SqliteFtsIndex } = await import("../../search/sqlite-fts.ts");
        // Opening the index migrates an older schema (as any start would) and registers the SQL functions that
        // indexes on expressions need before integrity_check reads them.
        const index = new SqliteFtsIndex(db, { logger: silentLogger });
        const stats = await index.stats();
        await index.close();
        records =
          stats.total > 0
            ? {
                name: "records",
                status: "ok",
                detail: `${stats.total} fact-checks, ${Object.keys(stats.byLanguage).length} languages, newest ${stats.newestReviewDate ?? "-"}`,
              }
            : { name: "records", status: "warn", detail: "the index is empty", fix: "claimbot ingest <files>, or delete the file to reload data/" };
      } catch (error) {
        records = {
          name: "records",
          status: "fail",
          detail: `cannot read the index: ${error instanceof Error ? error.message : String(error)}`,
          fix: "move the file aside; the next start rebuilds it from data/",
        };
      }
    }
    checks.push(schemaCheck(readSchemaVersions(db), code, before));
    if (records) checks.push(records);
    checks.push(integrityCheck(db));
    if (!tooNew) checks.push(await pagesCheck(db, options.fix));
  } finally {
    db.close();
  }
  return checks;
}

/**
 * The file's page size: SQLite's 4 KiB in files made before claimbot used 16 KiB (an import writes four times as many
 * pages). An import rewrites such a file of up to 256 MiB by itself; `fix` rewrites one of any size, when no other
 * process has it open.
 */
async function pagesCheck(db: Database.Database, fix: boolean): Promise<DoctorCheck> {
  const { AUTO_RESIZE_MAX_BYTES, resizePages, SQLITE_PAGE_SIZE } = await import("../../store/database.ts");
  const kib = (bytes: number) => `${bytes / 1024} KiB`;
  const pageSize = db.pragma("page_size", { simple: true }) as number;
  if (pageSize === SQLITE_PAGE_SIZE) return { name: "pages", status: "ok", detail: `${kib(pageSize)} pages` };
  if (fix) {
    const started = performance.now();
    try {
      if (resizePages(db)) {
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        return { name: "pages", status: "ok", detail: `rewritten with ${kib(SQLITE_PAGE_SIZE)} pages (were ${kib(pageSize)}) in ${seconds} s` };
      }
      return {
        name: "pages",
        status: "warn",
        detail: `${kib(pageSize)} pages kept: another process has the file open`,
        fix: "stop the bot and any import, then run `claimbot doctor --fix` again",
      };
    } catch (error) {
      return {
        name: "pages",
        status: "fail",
        detail: `rewriting with ${kib(SQLITE_PAGE_SIZE)} pages failed (the file is unchanged): ${error instanceof Error ? error.message : String(error)}`,
        fix: "make room on disk for a second copy of the file, then run `claimbot doctor --fix` again",
      };
    }
  }
  return {
    name: "pages",
    status: "warn",
    detail: `${kib(pageSize)} pages (a file made before claimbot used ${kib(SQLITE_PAGE_SIZE)}): imports write four times as many pages`,
    fix:
      `stop the bot, then \`claimbot doctor --fix\` rewrites it once (about 1 s per 100 MiB); an import does it by itself ` +
      `on files up to ${AUTO_RESIZE_MAX_BYTES / 1024 / 1024} MiB when no other process has them open`,
  };
}

/** `PRAGMA integrity_check` (every page, index and constraint; about 0.5 s on the 29 MiB starter file). */
function integrityCheck(db: { pragma(source: string): unknown }): DoctorCheck {
  let rows: Array<{ integrity_check: string }>;
  try {
    rows = db.pragma("integrity_check") as Array<{ integrity_check: string }>;
  } catch (error) {
    return { name: "integrity", status: "fail", detail: `integrity_check failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  // One row per problem, some of several lines under a "*** in database main ***" heading.
  const problems = rows
    .flatMap((r) => r.integrity_check.split("\n"))
    .filter((m) => m !== "ok" && !m.startsWith("***"));
  if (problems.length === 0) return { name: "integrity", status: "ok", detail: "integrity_check: ok" };
  const shown = problems.slice(0, 3).join("; ");
  return {
    name: "integrity",
    status: "fail",
    detail: `integrity_check: ${problems.length} problem(s): ${shown}${problems.length > 3 ? "; …" : ""}`,
    fix: "stop the bot, move the file aside (keep it for the chat settings) and restart: the index is rebuilt from data/",
  };
}

export function formatChecks(backend: string, checks: readonly DoctorCheck[]): string {
  const lines = [`claimbot doctor (SEARCH_BACKEND=${backend})`];
  for (const check of checks) {
    lines.push(`${MARK[check.status]} ${check.name}: ${check.detail}`);
    if (check.fix && check.status !== "ok") lines.push(`    fix: ${check.fix}`);
  }
  const failed = checks.filter((c) => c.status === "fail").length;
  const warned = checks.filter((c) => c.status === "warn").length;
  const warnings = warned > 0 ? ` (${warned} warning(s))` : "";
  lines.push(failed === 0 ? `no problem found${warnings}` : `${failed} problem(s) found${warnings}`);
  return `${lines.join("\n")}\n`;
}
