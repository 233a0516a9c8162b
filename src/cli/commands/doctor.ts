import { existsSync, statSync } from "node:fs";
import type { Command } from "commander";
import { loadConfig, type Config } from "../../config.ts";
import { silentLogger } from "../../core/logger.ts";
import type { DoctorCheck } from "../../search/meilisearch-doctor.ts";

const MARK: Record<DoctorCheck["status"], string> = { ok: "✓", warn: "!", fail: "✗" };

/**
 * `claimbot doctor [--json] [--fix]`: checks the configured search backend and says how to fix what is wrong.
 * Meilisearch: reachability, version, key rights, index, settings drift (`--fix` applies the expected settings).
 * SQLite: the data file, its record count and schema versions. Exit code 1 when a check fails.
 */
export function register(program: Command): void {
  program
    .command("doctor")
    .description("check the search backend (reachability, version, keys, settings drift) and say how to fix it")
    .option("--json", "print the checks as JSON")
    .option("--fix", "Meilisearch: apply the expected index settings with MEILI_ADMIN_KEY, then check again")
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
    return [...fixes, ...(await diagnoseMeilisearch(config))];
  }
  return diagnoseSqlite(config);
}

async function diagnoseSqlite(config: Config): Promise<DoctorCheck[]> {
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
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
    const scopes = hasTable
      ? db
          .prepare<[], { scope: string; version: number }>(
            "SELECT scope, MAX(version) AS version FROM schema_migrations GROUP BY scope ORDER BY scope",
          )
          .all()
      : [];
    checks.push({
      name: "schema",
      status: scopes.length > 0 ? "ok" : "warn",
      detail: scopes.length > 0 ? scopes.map((s) => `${s.scope} v${s.version}`).join(", ") : "no schema yet",
    });
    const { SqliteFtsIndex } = await import("../../search/sqlite-fts.ts");
    const index = new SqliteFtsIndex(db, { logger: silentLogger });
    const stats = await index.stats();
    await index.close();
    checks.push(
      stats.total > 0
        ? {
            name: "records",
            status: "ok",
            detail: `${stats.total} fact-checks, ${Object.keys(stats.byLanguage).length} languages, newest ${stats.newestReviewDate ?? "-"}`,
          }
        : { name: "records", status: "warn", detail: "the index is empty", fix: "claimbot ingest <files>, or delete the file to reload data/" },
    );
  } catch (error) {
    checks.push({
      name: "records",
      status: "fail",
      detail: `cannot read the index: ${error instanceof Error ? error.message : String(error)}`,
      fix: "move the file aside; the next start rebuilds it from data/",
    });
  } finally {
    db.close();
  }
  return checks;
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
