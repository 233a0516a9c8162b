import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { INDEX_MIGRATIONS } from "../../search/sqlite-fts-schema.ts";

/** The schema version this claimbot writes to the embedded index (scope `index` of `schema_migrations`). */
export const INDEX_SCHEMA_VERSION = INDEX_MIGRATIONS.length;

/** `claimbot --version`: `claimbot <package version> (index schema <n>)`. */
export function versionText(): string {
  // package.json is read by path, from src/ and from dist/src/ alike (dist/package.json links to it).
  const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };
  return `claimbot ${pkg.version} (index schema ${INDEX_SCHEMA_VERSION})`;
}

export function register(program: Command): void {
  program.version(versionText(), "-V, --version", "print the version and the index schema version");
}
