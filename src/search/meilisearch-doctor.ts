import { Meilisearch, type Settings } from "meilisearch";
import type { Config } from "../config.ts";
import { classifyMeiliError } from "./meilisearch-documents.ts";
import {
  MIN_SERVER_VERSION,
  hybridFromConfig,
  settingsDrift,
  settingsPayload,
} from "./meilisearch-settings.ts";

/** One line of `claimbot doctor`: what was checked, how it went, and how to fix it. Never holds a key. */
export interface DoctorCheck {
  name: string;
  status: "ok" | "warn" | "fail";
  detail: string;
  fix?: string;
}

/** Upper bound of one doctor request, in milliseconds (doctor is interactive; MEILI_TIMEOUT_MS may be tighter). */
const DOCTOR_TIMEOUT_MS = 5000;
const COMPOSE_IMAGE = "getmeili/meilisearch:v1.49.0";

type Probe<T> = { ok: true; value: T } | { ok: false; status?: number; code?: string; kind: string };

async function probe<T>(fn: () => Promise<T>): Promise<Probe<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    const info = classifyMeiliError(error);
    return { ok: false, kind: info.kind, ...(info.status ? { status: info.status } : {}), ...(info.code ? { code: info.code } : {}) };
  }
}

const what = (p: { status?: number; code?: string; kind: string }) =>
  [p.kind, p.status ? `HTTP ${p.status}` : "", p.code ?? ""].filter(Boolean).join(", ");

/** `1.49.0` ≥ `1.15.0`. */
export function versionAtLeast(version: string, minimum: string): boolean {
  const a = version.split(/[.-]/).map((n) => Number.parseInt(n, 10) || 0);
  const b = minimum.split(/[.-]/).map((n) => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

/**
 * Checks a Meilisearch deployment: reachability, server version, the rights of both keys (the bot's key may search
 * but must not write; the admin key must write), the index, and drift between expected and actual settings.
 * The write probes delete an empty list of documents: a no-op task on the server.
 */
export async function diagnoseMeilisearch(config: Config): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const url = config.MEILI_URL;
  if (!url) {
    return [{ name: "config", status: "fail", detail: "MEILI_URL is not set", fix: "set MEILI_URL, e.g. http://127.0.0.1:7700" }];
  }
  const uid = config.MEILI_INDEX;
  const client = (apiKey?: string) =>
    new Meilisearch({ host: url, ...(apiKey ? { apiKey } : {}), timeout: Math.min(DOCTOR_TIMEOUT_MS, Math.max(config.MEILI_TIMEOUT_MS, 1000)) });
  const anonymous = client();
  const search = client(config.MEILI_API_KEY);
  const admin = config.MEILI_ADMIN_KEY ? client(config.MEILI_ADMIN_KEY) : undefined;

  const health = await probe(() => anonymous.health());
  if (!health.ok) {
    checks.push({
      name: "reachability",
      status: "fail",
      detail: `no answer from MEILI_URL (${what(health)})`,
      fix: "start Meilisearch (`docker compose up -d meilisearch`) and check MEILI_URL",
    });
    return checks;
  }
  checks.push({ name: "reachability", status: "ok", detail: "GET /health answered" });

  const version = await probe(() => (admin ?? search).getVersion());
  if (!version.ok) {
    checks.push({
      name: "version",
      status: "warn",
      detail: `cannot read the version (${what(version)})`,
      fix: "set MEILI_ADMIN_KEY so doctor can read it",
    });
  } else if (!versionAtLeast(version.value.pkgVersion, MIN_SERVER_VERSION)) {
    checks.push({
      name: "version",
      status: "fail",
      detail: `server ${version.value.pkgVersion} is older than ${MIN_SERVER_VERSION}`,
      fix: `upgrade Meilisearch (docker-compose.yml pins ${COMPOSE_IMAGE})`,
    });
  } else {
    checks.push({ name: "version", status: "ok", detail: `server ${version.value.pkgVersion} (≥ ${MIN_SERVER_VERSION})` });
  }

  // The bot's key: may search, must not write.
  const canSearch = await probe(() => search.index(uid).search("", { limit: 0 }));
  const indexMissing = !canSearch.ok && canSearch.code === "index_not_found";
  if (!config.MEILI_API_KEY) {
    checks.push({
      name: "search key",
      status: "warn",
      detail: "MEILI_API_KEY is not set: the bot sends no key (fine only for a server without a master key)",
      fix: "create a search-only key (README, Production with Meilisearch) and set MEILI_API_KEY",
    });
  } else if (!canSearch.ok && !indexMissing) {
    checks.push({
      name: "search key",
      status: "fail",
      detail: `MEILI_API_KEY cannot search index "${uid}" (${what(canSearch)})`,
      fix: 'create a key with actions ["search"] on this index and set MEILI_API_KEY',
    });
  } else {
    const write = await probe(() => search.index(uid).deleteDocuments([]));
    checks.push(
      write.ok
        ? {
            name: "search key",
            status: "fail",
            detail: "MEILI_API_KEY can write: the bot holds more rights than it needs",
            fix: 'give the bot a key with actions ["search"] only (not the master or admin key)',
          }
        : { name: "search key", status: "ok", detail: "MEILI_API_KEY can search and cannot write" },
    );
  }

  // The ingest key: must write.
  if (!admin) {
    checks.push({
      name: "admin key",
      status: "warn",
      detail: "MEILI_ADMIN_KEY is not set: `claimbot ingest` cannot write to a server with a master key",
      fix: "set MEILI_ADMIN_KEY to the Default Admin API Key (GET /keys with the master key)",
    });
  } else {
    const write = await probe(() => admin.index(uid).deleteDocuments([]));
    checks.push(
      write.ok
        ? { name: "admin key", status: "ok", detail: "MEILI_ADMIN_KEY can write" }
        : {
            name: "admin key",
            status: "fail",
            detail: `MEILI_ADMIN_KEY cannot write (${what(write)})`,
            fix: "set MEILI_ADMIN_KEY to the Default Admin API Key (GET /keys with the master key)",
          },
    );
  }

  if (indexMissing) {
    checks.push({
      name: "index",
      status: "fail",
      detail: `index "${uid}" does not exist`,
      fix: "SEARCH_BACKEND=meilisearch claimbot ingest <files> (creates it with its settings)",
    });
    return checks;
  }
  const facets = await probe(() =>
    (admin ?? search).index(uid).search("", { limit: 0, facets: ["language"] }),
  );
  const documents = facets.ok ? facets.value.estimatedTotalHits ?? 0 : undefined;
  const languages = facets.ok ? Object.keys(facets.value.facetDistribution?.language ?? {}) : [];
  if (documents !== undefined) {
    checks.push(
      documents > 0
        ? { name: "index", status: "ok", detail: `index "${uid}" holds ${documents} fact-checks` }
        : { name: "index", status: "warn", detail: `index "${uid}" is empty`, fix: "SEARCH_BACKEND=meilisearch claimbot ingest <files>" },
    );
  }

  if (!admin) {
    checks.push({ name: "settings", status: "warn", detail: "not checked: reading settings needs MEILI_ADMIN_KEY" });
    return checks;
  }
  let expected: Settings;
  try {
    expected = settingsPayload({ languages, hybrid: hybridFromConfig(config) });
  } catch (error) {
    checks.push({ name: "settings", status: "fail", detail: error instanceof Error ? error.message : "bad embedder settings" });
    return checks;
  }
  const actual = await probe(() => admin.index(uid).getSettings());
  if (!actual.ok) {
    checks.push({ name: "settings", status: "fail", detail: `cannot read settings (${what(actual)})` });
    return checks;
  }
  const drift = settingsDrift(expected, actual.value);
  if (drift.length === 0) checks.push({ name: "settings", status: "ok", detail: "index settings match what claimbot expects" });
  for (const d of drift) {
    checks.push({
      name: `settings.${d.setting}`,
      status: "fail",
      detail: `expected ${short(d.expected)}, found ${short(d.actual)}`,
      fix: "claimbot doctor --fix (applies the expected settings with MEILI_ADMIN_KEY; the server re-indexes)",
    });
  }
  return checks;
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? "null";
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}
