import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/app.ts";
import { startServing, type Serving } from "../../src/cli/commands/serve.ts";
import { loadConfig } from "../../src/config.ts";
import { MemoryLogger } from "../../src/core/logger.ts";
import { fakeLookup, SEED, SEED_TEXT } from "../runtime/helpers.ts";

const TOKEN = "test-api-token";
let dir: string;
let app: App;
let serving: Serving;
let base: string;
const logger = new MemoryLogger();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "claimbot-http-"));
  const config = loadConfig({ CLAIMBOT_DATA_DIR: dir, HTTP_PORT: "0", HTTP_API_TOKEN: TOKEN, HTTP_MAX_BODY_BYTES: "2048" });
  app = await createApp({ config, logger, skipStarterData: true, lookup: fakeLookup() });
  serving = await startServing(app, { httpPort: "any" });
  base = `http://127.0.0.1:${serving.httpPort}`;
});

afterAll(async () => {
  await serving?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };

describe("claimbot serve without platform tokens", () => {
  it("runs the HTTP server alone", () => {
    expect(serving.adapters).toEqual([]);
    expect(serving.httpPort).toBeGreaterThan(0);
  });

  it("GET /healthz answers ok", async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("POST /v1/lookup answers the check --json object", async () => {
    const res = await fetch(`${base}/v1/lookup`, { method: "POST", headers: auth, body: JSON.stringify({ text: SEED_TEXT, mode: "group", lang: "en" }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { outcome: string; matches: Array<Record<string, unknown>> };
    expect(body.outcome).toBe("match");
    expect(body.matches[0]).toMatchObject({ id: SEED.id, rating: "Misleading", verdict: "misleading", publisher: "AFP Fact Check", url: SEED.url, date: "2022-04-26", language: "en", score: 0.95 });
    const none = await fetch(`${base}/v1/lookup`, { method: "POST", headers: auth, body: JSON.stringify({ text: "Happy birthday! See you at dinner on Saturday" }) });
    expect(await none.json()).toEqual({ outcome: "none", matches: [] });
  });

  it("answers 503 with the rejected object when the index is unreachable", async () => {
    const res = await fetch(`${base}/v1/lookup`, { method: "POST", headers: auth, body: JSON.stringify({ text: "UNAVAILABLE please" }) });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ outcome: "rejected", matches: [], reason: "search-unavailable" });
  });

  it("refuses a missing or wrong bearer token with 401", async () => {
    const body = JSON.stringify({ text: SEED_TEXT });
    const missing = await fetch(`${base}/v1/lookup`, { method: "POST", body });
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe("Bearer");
    expect(await missing.json()).toMatchObject({ error: "unauthorized" });
    const wrong = await fetch(`${base}/v1/lookup`, { method: "POST", headers: { authorization: "Bearer nope" }, body });
    expect(wrong.status).toBe(401);
  });

  it("refuses an oversized body with 413 and a JSON error", async () => {
    const res = await fetch(`${base}/v1/lookup`, { method: "POST", headers: auth, body: JSON.stringify({ text: "x".repeat(5000) }) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: "payload_too_large", message: expect.stringContaining("2048") });
  });

  it("refuses malformed JSON and wrong shapes with 400", async () => {
    const broken = await fetch(`${base}/v1/lookup`, { method: "POST", headers: auth, body: "{not json" });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: "invalid_json" });
    const shape = await fetch(`${base}/v1/lookup`, { method: "POST", headers: auth, body: JSON.stringify({ text: 5, mode: "loud" }) });
    expect(shape.status).toBe(400);
    const body = (await shape.json()) as { error: string; issues: Array<{ path: string }> };
    expect(body.error).toBe("invalid_body");
    expect(body.issues.map((i) => i.path).sort()).toEqual(["mode", "text"]);
    expect((await fetch(`${base}/v1/lookup`, { method: "POST", headers: auth, body: "[]" })).status).toBe(400);
  });

  it("answers 404 and 405 as JSON", async () => {
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    const wrongMethod = await fetch(`${base}/v1/lookup`);
    expect(wrongMethod.status).toBe(405);
    expect(await wrongMethod.json()).toMatchObject({ error: "method_not_allowed" });
  });

  it("GET /metrics exposes lookups by outcome, the latency histogram, errors and queue depth", async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/claimbot_lookups_total\{mode="group",outcome="match"\} 1/);
    expect(text).toMatch(/claimbot_lookup_duration_seconds_bucket\{le="\+Inf",mode="dm"\} \d+/);
    expect(text).toContain("# TYPE claimbot_errors_total counter");
    expect(text).toMatch(/claimbot_group_queue_depth 0/);
    expect(text).toMatch(/claimbot_outbox_depth 0/);
    expect(text).toMatch(/claimbot_http_requests_total\{route="error",status="413"\} 1/);
  });

  it("shuts down gracefully: stops listening and closes the database", async () => {
    const other = await startServing(await createApp({ config: app.config, logger, skipStarterData: true, lookup: fakeLookup() }), { httpPort: "any" });
    const url = `http://127.0.0.1:${other.httpPort}/healthz`;
    expect((await fetch(url)).status).toBe(200);
    await other.stop();
    await expect(fetch(url)).rejects.toThrow();
    await other.stop();
  });
});
