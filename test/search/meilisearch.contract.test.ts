import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe } from "vitest";
import { silentLogger } from "../../src/core/logger.ts";
import { MeilisearchIndex } from "../../src/search/meilisearch.ts";
import { searchIndexContract } from "../contract/search-index.contract.ts";
import { MeilisearchFake } from "./meilisearch-fake.ts";

/** Fast polling and retries for the loopback fake; production defaults live in src/search/meilisearch.ts. */
const FAKE_TIMING = { taskPollMs: 3, taskTimeoutMs: 5_000 };

let fake: MeilisearchFake;
beforeAll(async () => {
  fake = await MeilisearchFake.start();
});
afterAll(async () => {
  await fake.close();
});

searchIndexContract(
  "meilisearch (loopback fake)",
  async () => {
    const indexUid = `contract-${randomUUID().slice(0, 8)}`;
    const index = new MeilisearchIndex(
      { url: fake.url, indexUid, timeoutMs: 2_000, admin: true, ...FAKE_TIMING },
      silentLogger,
    );
    await index.ensureReady();
    return { index, cleanup: async () => void fake.indexes.delete(indexUid) };
  },
  { relevance: false },
);

// The same suite against a real server: `docker compose up -d meilisearch`, then
// MEILI_URL=http://127.0.0.1:7700 MEILI_ADMIN_KEY=... npx vitest run test/search/meilisearch.contract.test.ts
const REAL_URL = process.env.MEILI_URL;
const REAL_SKIP_REASON = "MEILI_URL is not set: the real-server Meilisearch contract suite is skipped";
if (!REAL_URL) console.info(`[meilisearch] ${REAL_SKIP_REASON}`);

describe.skipIf(!REAL_URL)("real Meilisearch server (MEILI_URL set)", () => {
  const created: MeilisearchIndex[] = [];
  afterAll(async () => {
    for (const index of created) {
      await index.dropIndex().catch(() => undefined);
    }
  });
  searchIndexContract(
    "meilisearch (real server)",
    async () => {
      const index = new MeilisearchIndex(
        {
          url: REAL_URL!,
          ...(process.env.MEILI_ADMIN_KEY ? { apiKey: process.env.MEILI_ADMIN_KEY } : {}),
          indexUid: `claimbot-contract-${randomUUID().slice(0, 8)}`,
          timeoutMs: 10_000,
          admin: true,
        },
        silentLogger,
      );
      await index.ensureReady();
      created.push(index);
      return { index };
    },
    { relevance: true },
  );
});
