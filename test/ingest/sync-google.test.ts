import { afterEach, describe, expect, it } from "vitest";
import { syncGoogleCommand, type SyncIo } from "../../src/cli/commands/sync.ts";
import { ConfigError } from "../../src/core/errors.ts";
import { MemoryLogger } from "../../src/core/logger.ts";
import { searchClaims } from "../../src/ingest/google-factcheck-client.ts";
import { GoogleFactCheckError } from "../../src/ingest/google-factcheck-error.ts";
import { MemorySearchIndex } from "../../src/search/memory.ts";
import { claimsPage, startGoogleFake } from "./google-fake.ts";
import { sink } from "./helpers.ts";

const KEY = "AIzaFAKE-key_1234567890secret";
let fake: Awaited<ReturnType<typeof startGoogleFake>> | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function io(root: string, extra: Partial<SyncIo> = {}) {
  const stdout = sink();
  const stderr = sink();
  const logger = new MemoryLogger();
  const delays: number[] = [];
  const value: SyncIo = {
    config: { GOOGLE_FACTCHECK_API_KEY: KEY, GOOGLE_FACTCHECK_API_ROOT: root },
    index: new MemorySearchIndex(),
    logger,
    stdout,
    stderr,
    client: { baseDelayMs: 1, maxDelayMs: 50, sleep: async (ms) => void delays.push(ms) },
    ...extra,
  };
  return { io: value, stdout, stderr, logger, delays };
}

describe("sync google against a loopback fake of the Fact Check Tools API", () => {
  it("pages with nextPageToken, retries a 429 (Retry-After) and a 5xx, then imports every review", async () => {
    fake = await startGoogleFake((req, attempt) => {
      const token = req.query.pageToken;
      if (!token) return { status: 200, body: claimsPage(1, 3, "t2") };
      if (token === "t2" && attempt === 1) return { status: 429, body: { error: { message: "Quota exceeded", status: "RESOURCE_EXHAUSTED" } }, headers: { "retry-after": "0" } };
      if (token === "t2") return { status: 200, body: claimsPage(2, 3, "t3") };
      if (token === "t3" && attempt === 1) return { status: 503, body: { error: { message: "backend" } } };
      return { status: 200, body: claimsPage(3, 2) };
    });
    const t = io(fake.root);
    const code = await syncGoogleCommand({ query: "miracle cure", language: "en", publisher: "checks.example.org", maxAgeDays: "30", json: true }, t.io);
    expect(code).toBe(0);
    const summary = JSON.parse(t.stdout.text()) as { imported: number; read: number; byFormat: Record<string, { sources: number }> };
    expect(summary).toMatchObject({ read: 8, imported: 8 });
    expect(summary.byFormat.google!.sources).toBe(3);
    expect(await t.io.index!.count()).toBe(8);
    expect(fake.requests).toHaveLength(5);
    expect(fake.requests[0]!.query).toMatchObject({ query: "miracle cure", languageCode: "en", reviewPublisherSiteFilter: "checks.example.org", maxAgeDays: "30" });
    expect(fake.requests.every((r) => r.apiKey === KEY && !Object.values(r.query).includes(KEY))).toBe(true);
    expect(t.delays).toEqual([0, expect.any(Number)]);
    expect(t.logger.entries.filter((e) => e.message === "google fact check api retry").map((e) => e.fields.status)).toEqual([429, 503]);
    const [record] = await t.io.index!.get([(await t.io.index!.findByUrl("https://checks.example.org/p1/c0"))[0]!.id]);
    expect(record).toMatchObject({ source: "google-factcheck-api", verdict: "false", claimant: "Viral post", claimDate: "2023-05-01" });
  });

  it("gives up on a persistent 5xx, keeps the pages before it, and never shows the key", async () => {
    fake = await startGoogleFake((req) =>
      req.query.pageToken ? { status: 500, body: { error: { message: `internal error for key=${KEY}` } } } : { status: 200, body: claimsPage(1, 2, "t2") },
    );
    const t = io(fake.root);
    const code = await syncGoogleCommand({ query: "x" }, t.io);
    expect(code).toBe(1);
    expect(await t.io.index!.count()).toBe(2);
    const everything = t.stdout.text() + t.stderr.text() + JSON.stringify(t.logger.entries);
    expect(everything).toContain("gave up after 5 attempts");
    expect(everything).toContain("[redacted]");
    expect(everything).not.toContain(KEY);
  });

  it("fails at once on a 403 and scrubs the key from the server's message", async () => {
    fake = await startGoogleFake(() => ({ status: 403, body: { error: { message: `API key not valid: ${KEY}`, status: "PERMISSION_DENIED" } } }));
    const pages = searchClaims({ query: "x" }, { apiKey: KEY, apiRoot: fake.root, sleep: async () => {} });
    const error = await pages.next().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GoogleFactCheckError);
    expect((error as GoogleFactCheckError).status).toBe(403);
    expect((error as GoogleFactCheckError).attempts).toBe(1);
    expect(String((error as Error).message)).not.toContain(KEY);
    expect(String((error as Error).stack)).not.toContain(KEY);
    expect(fake.requests).toHaveLength(1);
  });

  it("stops on a repeated page token and on a network failure without leaking the key", async () => {
    fake = await startGoogleFake(() => ({ status: 200, body: claimsPage(1, 1, "same") }));
    const seen: number[] = [];
    for await (const page of searchClaims({ query: "x" }, { apiKey: KEY, apiRoot: fake.root })) seen.push(page.page);
    expect(seen).toEqual([1, 2]);
    await fake.close();
    const root = fake.root;
    fake = undefined;
    const t = io(root, { client: { maxAttempts: 2, baseDelayMs: 1, sleep: async () => {} } });
    expect(await syncGoogleCommand({ query: "x" }, t.io)).toBe(1);
    expect(t.stdout.text() + t.stderr.text()).toMatch(/network error|unreadable/);
    expect(t.stdout.text() + t.stderr.text()).not.toContain(KEY);
  });

  it("needs the key and a query or publisher", async () => {
    const t = io("http://127.0.0.1:9");
    await expect(syncGoogleCommand({ query: "x" }, { ...t.io, config: { GOOGLE_FACTCHECK_API_KEY: undefined, GOOGLE_FACTCHECK_API_ROOT: "http://127.0.0.1:9" } })).rejects.toBeInstanceOf(ConfigError);
    await expect(syncGoogleCommand({}, t.io)).rejects.toThrow("--query or --publisher");
  });
});
