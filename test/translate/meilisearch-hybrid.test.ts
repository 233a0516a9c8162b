import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { FactCheckSchema, type FactCheck } from "../../src/core/factcheck.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { createLookup } from "../../src/core/lookup.ts";
import { MeilisearchIndex } from "../../src/search/meilisearch.ts";
import { hybridFromConfig } from "../../src/search/meilisearch-settings.ts";

// Cross-language search through Meilisearch's hybrid search, on a real server with a multilingual embedder
// (docs/cross-language.md). Opt-in: `docker compose up -d meilisearch`, then e.g.
//   MEILI_URL=http://127.0.0.1:7700 MEILI_ADMIN_KEY=... MEILI_EMBEDDER=multilingual MEILI_EMBEDDER_SOURCE=ollama \
//   MEILI_EMBEDDER_URL=http://127.0.0.1:11434/api/embeddings npx vitest run test/translate/meilisearch-hybrid.test.ts
const REAL = process.env.MEILI_URL && process.env.MEILI_EMBEDDER;
if (!REAL) console.info("[meilisearch hybrid] MEILI_URL and MEILI_EMBEDDER are not both set: the real-server cross-language suite is skipped");

const fixture = (name: string): FactCheck[] =>
  readFileSync(new URL(`../fixtures/lookup/${name}`, import.meta.url), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => FactCheckSchema.parse(JSON.parse(l)));

describe.skipIf(!REAL)("Meilisearch hybrid search across languages (real server, MEILI_EMBEDDER set)", () => {
  let index: MeilisearchIndex | undefined;
  afterAll(async () => {
    await index?.dropIndex().catch(() => undefined);
  });

  it("a Korean post brings back the English fact-check (its Korean wordings removed) as a candidate", async () => {
    const config = loadConfig();
    const hybrid = hybridFromConfig(config)!;
    index = new MeilisearchIndex(
      {
        url: config.MEILI_URL!,
        ...(config.MEILI_ADMIN_KEY ? { apiKey: config.MEILI_ADMIN_KEY } : {}),
        indexUid: `claimbot-hybrid-${randomUUID().slice(0, 8)}`,
        timeoutMs: 30_000,
        admin: true,
        hybrid,
      },
      silentLogger,
    );
    await index.ensureReady();
    const seed = { ...fixture("seed-afp.jsonl")[0]!, altClaims: [] };
    await index.upsert([seed, ...fixture("snopes-sample.jsonl")]);
    const result = await createLookup({ index })({ text: "북한이 러시아를 지원하기 위해 우크라이나에 군대를 보내기로 결정했다" }, "dm");
    expect(result.candidates.map((c) => c.factCheck.id)).toContain(seed.id);
  }, 600_000);
});
