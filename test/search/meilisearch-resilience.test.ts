import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SearchUnavailableError } from "../../src/core/errors.ts";
import { MemoryLogger, silentLogger } from "../../src/core/logger.ts";
import { createLookup } from "../../src/core/lookup.ts";
import { MeilisearchIndex } from "../../src/search/meilisearch.ts";
import { BackendRequestError } from "../../src/search/resilience.ts";
import { sampleRecords } from "../contract/fixtures.ts";
import { MeilisearchFake, type FakeKeys } from "./meilisearch-fake.ts";

/**
 * The index against a failing server: 503s, 429s, HTML error pages, resets and hangs. A lookup must answer
 * `rejected`/`search-unavailable` within MEILI_TIMEOUT_MS and recover without a restart once the server is back.
 */
const KEYS: FakeKeys = { master: "m-key-000000", admin: "a-key-111111", search: "s-key-222222" };
const TIMEOUT_MS = 1000;
const COOL_DOWN_MS = 250;
const UID = "resilience";
const POST = { text: "The zorblax vaccine contains microchips that track people, says a viral post" };

let fake: MeilisearchFake;
beforeAll(async () => {
  fake = await MeilisearchFake.start({ keys: KEYS });
  const admin = new MeilisearchIndex(
    { url: fake.url, apiKey: KEYS.admin, indexUid: UID, timeoutMs: 2000, admin: true, taskPollMs: 3 },
    silentLogger,
  );
  await admin.upsert(sampleRecords());
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.heal());

function botIndex(logger = new MemoryLogger(), failureThreshold = 3) {
  return new MeilisearchIndex(
    {
      url: fake.url,
      apiKey: KEYS.search,
      indexUid: UID,
      timeoutMs: TIMEOUT_MS,
      admin: false,
      resilience: { baseBackoffMs: 20, maxBackoffMs: 60, failureThreshold, coolDownMs: COOL_DOWN_MS },
    },
    logger,
  );
}
const multiSearches = () => fake.requestsTo("/multi-search").length;

describe("MeilisearchIndex resilience (loopback fake)", () => {
  it.each(["503", "500", "429", "html", "reset"] as const)("retries a transient %s and then succeeds", async (mode) => {
    const index = botIndex();
    fake.setFault(mode, 2);
    const before = multiSearches();
    const hits = await index.search({ terms: ["zorblax"], limit: 5 });
    expect(hits.map((h) => h.factCheck.id)).toEqual(["en-vaccine"]);
    expect(multiSearches() - before).toBe(3);
  });

  it("does not retry a request the server rejects as invalid", async () => {
    const index = botIndex();
    fake.setFault("400", 1);
    const before = multiSearches();
    const error = await index.search({ terms: ["moon"], limit: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendRequestError);
    expect((error as Error).message).toBe("meilisearch multi-search failed: client, HTTP 400, bad_request");
    expect(multiSearches() - before).toBe(1);
    expect(index.circuit).toBe("closed");
  });

  it("falls back to keyword search when the embedder fails", async () => {
    const logger = new MemoryLogger();
    const index = new MeilisearchIndex(
      { ...botIndex().options, apiKey: KEYS.search, hybrid: { name: "gone", embedder: { source: "huggingFace" }, semanticRatio: 0.5 } },
      logger,
    );
    const before = fake.requests.length;
    const hits = await index.search({ terms: ["zorblax"], limit: 5 });
    expect(hits.map((h) => h.factCheck.id)).toEqual(["en-vaccine"]);
    const bodies = fake.requests.slice(before).map((r) => (r.body as { queries: Array<{ hybrid?: unknown }> }).queries[0]!);
    expect(bodies.map((q) => q.hybrid !== undefined)).toEqual([true, false]);
    expect(logger.entries.map((e) => e.message)).toContain("meilisearch hybrid search failed, keyword search only");
  });

  it("answers rejected/search-unavailable while the server returns 503s, within the timeout", async () => {
    const logger = new MemoryLogger();
    const lookup = createLookup({ index: botIndex(logger), logger });
    fake.setFault("503");
    const started = Date.now();
    const result = await lookup(POST, "dm");
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 500);
    expect(result.outcome).toBe("rejected");
    expect(result.outcome === "rejected" && result.reason).toBe("search-unavailable");
    expect(JSON.stringify(logger.entries)).not.toContain(KEYS.search);
  });

  it("answers rejected/search-unavailable while the server hangs, within the timeout", async () => {
    const lookup = createLookup({ index: botIndex() });
    fake.setFault("hang");
    const started = Date.now();
    const result = await lookup(POST, "group");
    const elapsed = Date.now() - started;
    expect(result).toMatchObject({ outcome: "rejected", reason: "search-unavailable", matches: [] });
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 500);
  });

  it("opens the circuit, fails fast, and recovers after the cool-down without a restart", async () => {
    const logger = new MemoryLogger();
    const index = botIndex(logger, 2);
    const lookup = createLookup({ index, logger });
    expect((await lookup(POST, "dm")).outcome).not.toBe("rejected");

    fake.setFault("503");
    expect((await lookup(POST, "dm")).outcome).toBe("rejected");
    expect((await lookup(POST, "dm")).outcome).toBe("rejected");
    expect(index.circuit).toBe("open");

    // Open: nothing reaches the server, the answer is immediate.
    const before = fake.requests.length;
    const started = Date.now();
    const fastFail = await index.search({ terms: ["zorblax"], limit: 5 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(100);
    expect(fastFail).toBeInstanceOf(SearchUnavailableError);
    expect((fastFail as Error).message).toMatch(/circuit open/);
    expect(fake.requests.length).toBe(before);

    fake.heal();
    await new Promise((resolve) => setTimeout(resolve, COOL_DOWN_MS + 20));
    const recovered = await lookup(POST, "dm");
    expect(recovered.outcome).not.toBe("rejected");
    expect(recovered.candidates.map((c) => c.factCheck.id).concat(recovered.matches.map((m) => m.factCheck.id))).toContain(
      "en-vaccine",
    );
    expect(index.circuit).toBe("closed");
    const messages = logger.entries.map((e) => e.message);
    expect(messages).toContain("search backend circuit open");
    expect(messages).toContain("search backend circuit closed");
  });

  it("re-opens when the half-open probe fails", async () => {
    const index = botIndex(new MemoryLogger(), 1);
    fake.setFault("503");
    await expect(index.search({ terms: ["moon"], limit: 5 })).rejects.toBeInstanceOf(SearchUnavailableError);
    expect(index.circuit).toBe("open");
    await new Promise((resolve) => setTimeout(resolve, COOL_DOWN_MS + 20));
    await expect(index.search({ terms: ["moon"], limit: 5 })).rejects.toBeInstanceOf(SearchUnavailableError);
    expect(index.circuit).toBe("open");
  });
});
