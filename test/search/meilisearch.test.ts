import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigSchema, type Config } from "../../src/config.ts";
import { ConfigError, SearchUnavailableError } from "../../src/core/errors.ts";
import { factCheckId } from "../../src/core/ids.ts";
import { MemoryLogger, silentLogger } from "../../src/core/logger.ts";
import { EN_STOPWORDS } from "../../src/core/text.ts";
import { createMeilisearchIndex, MeilisearchIndex, MeilisearchTaskError } from "../../src/search/meilisearch.ts";
import { MAX_WORD_CHARS, toMeiliId, toMeiliQuery } from "../../src/search/meilisearch-documents.ts";
import {
  hybridFromConfig,
  settingsDrift,
  settingsPayload,
  toMeiliLocale,
} from "../../src/search/meilisearch-settings.ts";
import { factCheck, sampleRecords } from "../contract/fixtures.ts";
import { MeilisearchFake, type FakeKeys } from "./meilisearch-fake.ts";

const KEYS: FakeKeys = { master: "master-key-0123456789", admin: "admin-key-abcdefabcdef", search: "search-key-987654321" };
const config = (env: Record<string, string>): Config => ConfigSchema.parse(env);
let uidCounter = 0;
const nextUid = () => `wire-${++uidCounter}`;

describe("settingsPayload", () => {
  it("sets attributes, stop words, typo tolerance and faceting", () => {
    const settings = settingsPayload({ languages: ["en", "ko-KR", "zh-TW", "xx", "en-GB"] });
    expect(settings.searchableAttributes).toEqual(["claim", "altClaims", "title", "summary", "claimant"]);
    expect(settings.filterableAttributes).toEqual(
      expect.arrayContaining(["language", "verdict", "publisher.name", "reviewDate", "mid", "urlKeys"]),
    );
    expect(settings.sortableAttributes).toEqual(["reviewDate"]);
    expect(settings.stopWords).toEqual([...EN_STOPWORDS].sort());
    expect(settings.typoTolerance).toMatchObject({ enabled: true, disableOnNumbers: true });
    expect(settings.typoTolerance?.minWordSizeForTypos?.oneTypo).toBeGreaterThanOrEqual(5);
    expect(settings.typoTolerance?.minWordSizeForTypos?.twoTypos).toBeGreaterThanOrEqual(9);
    expect(settings.faceting?.maxValuesPerFacet).toBeGreaterThanOrEqual(1000);
    // Languages become ISO 639-3 locales (what the server reports back), unknown ones are left out.
    expect(settings.localizedAttributes).toEqual([
      { attributePatterns: ["claim", "altClaims", "title", "summary", "claimant"], locales: ["eng", "kor", "zho"] },
    ]);
    expect(settings.embedders).toBeUndefined();
  });

  it("leaves localizedAttributes out for an index without known languages, and adds the embedder", () => {
    const hybrid = hybridFromConfig(config({ MEILI_EMBEDDER: "multi", MEILI_SEMANTIC_RATIO: "0.7" }))!;
    const settings = settingsPayload({ languages: [], hybrid });
    expect(settings.localizedAttributes).toBeUndefined();
    expect(settings.embedders).toEqual({
      multi: {
        source: "huggingFace",
        model: "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2",
        documentTemplate: "{{doc.claim}}",
      },
    });
    expect(hybrid.semanticRatio).toBe(0.7);
  });

  it("detects drift, ignoring order where Meilisearch ignores it and embedder keys", () => {
    const hybrid = hybridFromConfig(
      config({ MEILI_EMBEDDER: "oa", MEILI_EMBEDDER_SOURCE: "openAi", MEILI_EMBEDDER_API_KEY: "sk-secret-1" }),
    )!;
    const expected = settingsPayload({ languages: ["en"], hybrid });
    const server = structuredClone(expected) as Record<string, unknown>;
    server.stopWords = [...(expected.stopWords ?? [])].reverse();
    server.embedders = { oa: { ...(expected.embedders!.oa as object), apiKey: "sk-...", dimensions: 1536 } };
    server.rankingRules = ["words", "typo"];
    expect(settingsDrift(expected, server)).toEqual([]);
    server.searchableAttributes = ["title", "claim", "altClaims", "summary", "claimant"];
    (server.typoTolerance as { disableOnNumbers: boolean }).disableOnNumbers = false;
    const drift = settingsDrift(expected, server);
    expect(drift.map((d) => d.setting)).toEqual(["searchableAttributes", "typoTolerance"]);
    expect(JSON.stringify(drift)).not.toContain("sk-secret-1");
  });
});

describe("hybridFromConfig", () => {
  it("is off without MEILI_EMBEDDER and validates each source", () => {
    expect(hybridFromConfig(config({}))).toBeUndefined();
    expect(() => hybridFromConfig(config({ MEILI_EMBEDDER: "e", MEILI_EMBEDDER_SOURCE: "rest" }))).toThrow(ConfigError);
    expect(() => hybridFromConfig(config({ MEILI_EMBEDDER: "e", MEILI_EMBEDDER_SOURCE: "openAi" }))).toThrow(
      /MEILI_EMBEDDER_API_KEY/,
    );
    expect(() => hybridFromConfig(config({ MEILI_EMBEDDER: "e", MEILI_EMBEDDER_SOURCE: "userProvided" }))).toThrow(
      ConfigError,
    );
    const rest = hybridFromConfig(
      config({ MEILI_EMBEDDER: "e", MEILI_EMBEDDER_SOURCE: "rest", MEILI_EMBEDDER_URL: "http://127.0.0.1:9/embed" }),
    )!;
    expect(rest.embedder).toMatchObject({ source: "rest", request: { input: "{{text}}" } });
    const ollama = hybridFromConfig(config({ MEILI_EMBEDDER: "e", MEILI_EMBEDDER_SOURCE: "ollama" }))!;
    expect(ollama.embedder).toMatchObject({ source: "ollama", model: "bge-m3" });
  });
});

describe("ids, queries and locales", () => {
  const VALID = /^[A-Za-z0-9_-]{1,511}$/;

  it("keeps factCheckId ids and hashes anything else, deterministically", () => {
    const id = factCheckId("https://factcheck.afp.com/doc.afp.com.32A86FT", "North Korea sends troops");
    expect(toMeiliId(id)).toBe(id);
    for (const odd of ["https://x.example/a?b=c", "한국어-아이디", "a".repeat(129), "h_looks_hashed", "a b"]) {
      const mid = toMeiliId(odd);
      expect(mid).toMatch(VALID);
      expect(mid).toMatch(/^h_[0-9a-f]{40}$/);
      expect(toMeiliId(odd)).toBe(mid);
    }
    expect(toMeiliId("a".repeat(128))).toBe("a".repeat(128));
    expect(toMeiliId("x/1")).not.toBe(toMeiliId("x/2"));
  });

  it("strips Meilisearch query syntax and keeps at most 10 words", () => {
    expect(toMeiliQuery(['"north korea"', "-troops", "--ukraine", "“quoted”"])).toBe("north korea troops ukraine quoted");
    expect(toMeiliQuery(["🙂", "!!!", '"', "-", ""])).toBe("");
    const many = toMeiliQuery(Array.from({ length: 30 }, (_, i) => `w${i}`));
    expect(many.split(" ")).toHaveLength(10);
    expect(toMeiliQuery(["x".repeat(100 * 1024)])).toHaveLength(MAX_WORD_CHARS);
    expect(toMeiliQuery(["co-op", "mid-2020"])).toBe("co-op mid-2020");
  });

  it("maps BCP-47 tags to Meilisearch locales", () => {
    expect(toMeiliLocale("ko")).toBe("kor");
    expect(toMeiliLocale("zh-TW")).toBe("zho");
    expect(toMeiliLocale("en-GB")).toBe("eng");
    expect(toMeiliLocale("und")).toBeUndefined();
    expect(toMeiliLocale(undefined)).toBeUndefined();
  });
});

describe("MeilisearchIndex on the wire (loopback fake)", () => {
  let fake: MeilisearchFake;
  beforeAll(async () => {
    fake = await MeilisearchFake.start({ keys: KEYS });
  });
  afterAll(async () => {
    await fake.close();
  });

  const env = (indexUid: string, extra: Record<string, string> = {}) =>
    config({
      SEARCH_BACKEND: "meilisearch",
      MEILI_URL: fake.url,
      MEILI_INDEX: indexUid,
      MEILI_API_KEY: KEYS.search,
      MEILI_ADMIN_KEY: KEYS.admin,
      ...extra,
    });

  it("ingest (admin key) creates the index with its settings; the bot (search key) only searches", async () => {
    const uid = nextUid();
    const before = fake.requests.length;
    const admin = await createMeilisearchIndex(env(uid), { logger: silentLogger, admin: true, taskTimeoutMs: 5000 });
    await admin.upsert(sampleRecords());
    const index = fake.indexes.get(uid)!;
    expect(index.primaryKey).toBe("mid");
    expect(settingsDrift(settingsPayload({ languages: ["en", "ko", "zh-TW"] }), index.settings)).toEqual([]);
    const adminRequests = fake.requests.slice(before);
    expect(adminRequests.every((r) => r.auth === "admin")).toBe(true);
    // Tasks were awaited by polling: enqueued → processing → succeeded takes more than one look.
    expect(adminRequests.filter((r) => r.path.startsWith("/tasks/")).length).toBeGreaterThan(3);
    expect(fake.tasks.filter((t) => t.indexUid === uid).every((t) => t.status === "succeeded")).toBe(true);

    const atOpen = fake.requests.length;
    const bot = await createMeilisearchIndex(env(uid), { logger: silentLogger });
    expect(fake.requests.length).toBe(atOpen);
    const hits = await bot.search({ terms: ["zorblax"], limit: 5 });
    expect(hits.map((h) => h.factCheck.id)).toEqual(["en-vaccine"]);
    expect(fake.requests.slice(atOpen).map((r) => r.auth)).toEqual(["search"]);
    await expect(bot.upsert([factCheck({ id: "x", claim: "nope" })])).rejects.toThrow(/MEILI_ADMIN_KEY/);
  });

  it("sends the query plan as ONE multi-search with frequency matching, locales and the ranking score", async () => {
    const uid = nextUid();
    const admin = await createMeilisearchIndex(env(uid), { logger: silentLogger, admin: true });
    await admin.upsert(sampleRecords());
    const bot = await createMeilisearchIndex(env(uid), { logger: silentLogger });
    const before = fake.requests.length;
    const results = await bot.searchMany([
      { terms: ["북한이", "러시아에", '"군대를"', "-파견"], language: "ko", limit: 5 },
      { terms: ["zorblax", "microchips", "unrelated"], language: "en-US", limit: 3 },
      { terms: ["🙂"], limit: 3 },
      { terms: Array.from({ length: 14 }, (_, i) => `t${i}`), language: "xx", limit: 500 },
    ]);
    const sent = fake.requests.slice(before);
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /multi-search"]);
    const body = sent[0]!.body as { federation?: unknown; queries: Array<Record<string, unknown>> };
    expect(body.federation).toBeUndefined();
    expect(body.queries).toHaveLength(3);
    expect(body.queries[0]).toMatchObject({
      indexUid: uid,
      q: "북한이 러시아에 군대를 파견",
      matchingStrategy: "frequency",
      showRankingScore: true,
      locales: ["kor"],
      limit: 5,
    });
    expect(body.queries[1]).toMatchObject({ locales: ["eng"], limit: 3 });
    expect(body.queries[2]!.locales).toBeUndefined();
    expect((body.queries[2]!.q as string).split(" ")).toHaveLength(10);
    expect(body.queries[2]!.limit).toBe(200);
    expect(results).toHaveLength(4);
    expect(results[2]).toEqual([]);
    // score is Meilisearch's _rankingScore (the fake gives matched/total words: 2 of 3).
    expect(results[1]![0]).toMatchObject({ rank: 0, score: 2 / 3 });
    expect(results[1]![0]!.factCheck.id).toBe("en-vaccine");
  });

  it("queries with hybrid search when an embedder is configured", async () => {
    const uid = nextUid();
    const extra = { MEILI_EMBEDDER: "multi", MEILI_SEMANTIC_RATIO: "0.6" };
    const admin = await createMeilisearchIndex(env(uid, extra), { logger: silentLogger, admin: true });
    await admin.upsert(sampleRecords());
    expect(Object.keys(fake.indexes.get(uid)!.settings.embedders as object)).toEqual(["multi"]);
    const bot = await createMeilisearchIndex(env(uid, extra), { logger: silentLogger });
    const before = fake.requests.length;
    await bot.search({ terms: ["북한", "파병"], language: "ko", limit: 5 });
    const body = fake.requests[before]!.body as { queries: Array<Record<string, unknown>> };
    expect(body.queries[0]!.hybrid).toEqual({ embedder: "multi", semanticRatio: 0.6 });
  });

  it("names the failed batch when an indexing task fails", async () => {
    const uid = nextUid();
    const index = new MeilisearchIndex(
      { url: fake.url, apiKey: KEYS.admin, indexUid: uid, timeoutMs: 2000, admin: true, batchSize: 2, taskPollMs: 3 },
      silentLogger,
    );
    fake.failDocumentTask(2, { code: "invalid_document_fields", message: "The document has a bad field." });
    const error = await index.upsert(sampleRecords()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeilisearchTaskError);
    expect((error as Error).message).toMatch(/upsert batch 2\/3 \(2 records, ids en-water … ko-troops\) failed/);
    expect((error as MeilisearchTaskError).code).toBe("invalid_document_fields");
    expect((error as Error).message).not.toContain(KEYS.admin);
  });

  it("gives up waiting for a task after its timeout, with a clear error", async () => {
    const uid = nextUid();
    const index = new MeilisearchIndex(
      { url: fake.url, apiKey: KEYS.admin, indexUid: uid, timeoutMs: 2000, admin: true, taskPollMs: 3 },
      silentLogger,
    );
    await index.ensureReady();
    fake.holdTasks = true;
    const slow = new MeilisearchIndex({ ...index.options, apiKey: KEYS.admin, taskTimeoutMs: 150 }, silentLogger);
    try {
      await expect(slow.upsert([factCheck({ id: "slow", claim: "Slow claim" })])).rejects.toThrow(
        /still not done after 150 ms/,
      );
    } finally {
      fake.holdTasks = false;
    }
  });

  it("maps any record id to a valid document id and keeps the original", async () => {
    const uid = nextUid();
    const index = new MeilisearchIndex(
      { url: fake.url, apiKey: KEYS.admin, indexUid: uid, timeoutMs: 2000, admin: true, taskPollMs: 3 },
      silentLogger,
    );
    const odd = factCheck({ id: "https://example.org/fact?id=1 & more", claim: "Odd id claim" });
    await index.upsert([odd]);
    const stored = [...fake.indexes.get(uid)!.docs.values()][0]!;
    expect(stored.mid).toMatch(/^h_[0-9a-f]{40}$/);
    expect(stored.id).toBe(odd.id);
    expect(await index.get([odd.id])).toEqual([odd]);
    expect(await index.delete([odd.id])).toBe(1);
  });

  it("gets many records by id in one federated multi-search per 1000 ids, in the order asked", async () => {
    const uid = nextUid();
    const index = new MeilisearchIndex(
      { url: fake.url, apiKey: KEYS.admin, indexUid: uid, timeoutMs: 2000, admin: true, taskPollMs: 3 },
      silentLogger,
    );
    const records = Array.from({ length: 1050 }, (_, i) => factCheck({ id: `bulk-${i}`, claim: `Bulk claim ${i}` }));
    await index.upsert(records);
    const wanted = records.map((r) => r.id).reverse();
    const before = fake.requests.length;
    const got = await index.get([...wanted, "missing-id"]);
    expect(got.map((r) => r.id)).toEqual(wanted);
    const sent = fake.requests.slice(before);
    expect(sent.map((r) => r.path)).toEqual(["/multi-search", "/multi-search"]);
    const first = sent[0]!.body as { federation: { limit: number }; queries: unknown[] };
    expect(first.federation.limit).toBe(1000);
    expect(first.queries).toHaveLength(10);
  });

  it("turns a refused key or a missing index into SearchUnavailableError, never leaking the key", async () => {
    const logger = new MemoryLogger();
    const wrongKey = await createMeilisearchIndex(
      config({ SEARCH_BACKEND: "meilisearch", MEILI_URL: fake.url, MEILI_API_KEY: "wrong-key-xyz" }),
      { logger },
    );
    const refused = await wrongKey.search({ terms: ["moon"], limit: 5 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SearchUnavailableError);
    expect((refused as Error).message).toMatch(/MEILI_API_KEY/);
    const missing = await createMeilisearchIndex(env("never-created"), { logger });
    const notFound = await missing.search({ terms: ["moon"], limit: 5 }).catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(SearchUnavailableError);
    expect((notFound as Error).message).toMatch(/claimbot ingest/);
    const everything = JSON.stringify([logger.entries, String(refused), String(notFound)]);
    for (const key of [...Object.values(KEYS), "wrong-key-xyz"]) expect(everything).not.toContain(key);
  });

  it("keeps the key out of anything printable", async () => {
    const { inspect } = await import("node:util");
    const bot = await createMeilisearchIndex(env("printable"), { logger: silentLogger });
    expect(JSON.stringify(bot)).not.toContain(KEYS.search);
    expect(inspect(bot, { depth: 10 })).not.toContain(KEYS.search);
  });

  it("needs MEILI_URL", async () => {
    await expect(createMeilisearchIndex(config({}), { logger: silentLogger })).rejects.toThrow(ConfigError);
  });
});
