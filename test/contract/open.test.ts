import { describe, expect, it } from "vitest";
import { ConfigSchema } from "../../src/config.ts";
import { ConfigError } from "../../src/core/errors.ts";
import { MemoryLogger } from "../../src/core/logger.ts";
import { openSearchIndex } from "../../src/search/open.ts";
import { openDatabase } from "../../src/store/database.ts";
import { sampleRecords } from "./fixtures.ts";

describe("openSearchIndex", () => {
  it("opens the embedded index on the caller's database and leaves it open on close", async () => {
    const db = openDatabase(":memory:");
    const index = await openSearchIndex(ConfigSchema.parse({}), { logger: new MemoryLogger(), db });
    expect(index.backend).toBe("sqlite");
    await index.upsert(sampleRecords());
    expect(await index.count()).toBe(5);
    await index.close();
    expect(db.open).toBe(true);
    db.close();
  });

  it("loads the Meilisearch backend lazily and surfaces its configuration error", async () => {
    const config = { ...ConfigSchema.parse({}), SEARCH_BACKEND: "meilisearch" as const, MEILI_URL: undefined };
    const db = openDatabase(":memory:");
    await expect(openSearchIndex(config, { logger: new MemoryLogger(), db })).rejects.toBeInstanceOf(ConfigError);
    db.close();
  });
});
