import { afterAll, beforeAll, expect, it } from "vitest";
import { silentLogger } from "../../src/core/logger.ts";
import { IngestInterruptedError } from "../../src/ingest/ingest-interrupted-error.ts";
import { runIngest } from "../../src/ingest/pipeline.ts";
import type { ParsedSource } from "../../src/ingest/types.ts";
import { MeilisearchIndex, MeilisearchTaskError } from "../../src/search/meilisearch.ts";
import { factCheck } from "../contract/fixtures.ts";
import { MeilisearchFake } from "../search/meilisearch-fake.ts";

const KEYS = { master: "master-key-xyz", admin: "admin-key-abc", search: "search-key-def" };
let fake: MeilisearchFake;
beforeAll(async () => {
  fake = await MeilisearchFake.start({ keys: KEYS });
});
afterAll(async () => {
  await fake.close();
});

function source(n: number): ParsedSource {
  const records = Array.from({ length: n }, (_, i) => ({
    record: factCheck({ id: `rec-${String(i).padStart(3, "0")}`, claim: `Claim number ${i} about the river bridge`, url: `https://checks.example.org/fc/${i}` }),
    location: `feed.json#dataFeedElement[${i}]`,
  }));
  return { name: "feed.json", format: "claimreview", records, problems: [] };
}

it("a Meilisearch task failing mid-ingest is reported with its batch; running the ingest again resumes and completes", async () => {
  const index = new MeilisearchIndex(
    { url: fake.url, apiKey: KEYS.admin, indexUid: "resume-test", timeoutMs: 2_000, admin: true, batchSize: 10, taskPollMs: 3 },
    silentLogger,
  );
  // Pipeline batches of 20 → two Meilisearch tasks each; the 5th task (pipeline batch 3) fails.
  fake.failDocumentTask(5, { code: "internal", message: "disk full" });
  const error = await runIngest([source(100)], { index, batchSize: 20 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(IngestInterruptedError);
  const stopped = error as IngestInterruptedError;
  expect(stopped.batch).toBe(3);
  expect(stopped.importedBefore).toBe(40);
  expect(stopped.firstLocation).toBe("feed.json#dataFeedElement[40]");
  expect(stopped.lastLocation).toBe("feed.json#dataFeedElement[59]");
  expect(stopped.cause).toBeInstanceOf(MeilisearchTaskError);
  expect(stopped.message).toMatch(/ingest stopped at batch 3 \(20 records, feed\.json#dataFeedElement\[40\] … feed\.json#dataFeedElement\[59\]\) after 40 records/);
  expect(stopped.message).toMatch(/upsert batch 1\/2 .* failed/);
  expect(stopped.message).not.toContain(KEYS.admin);
  const partial = await index.count();
  expect(partial).toBeGreaterThanOrEqual(40);
  expect(partial).toBeLessThan(100);

  const summary = await runIngest([source(100)], { index, batchSize: 20 });
  expect(summary.imported).toBe(100);
  expect(await index.count()).toBe(100);
  await index.close();
});
