import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import { startServing, type Serving } from "../../src/cli/commands/serve.ts";
import { loadConfig } from "../../src/config.ts";
import { MemoryLogger } from "../../src/core/logger.ts";
import { OTHER, SEED, SEED_TEXT } from "../runtime/helpers.ts";
import { HOSTILE_INPUTS } from "../support/hostile-inputs.ts";

/** Room for the 100 kB input (with multi-byte characters) inside one JSON body. */
const BODY_LIMIT_BYTES = 512 * 1024;
let dir: string;
let serving: Serving;
let base: string;
const logger = new MemoryLogger();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "claimbot-http-hostile-"));
  const config = loadConfig({ CLAIMBOT_DATA_DIR: dir, HTTP_PORT: "0", HTTP_MAX_BODY_BYTES: String(BODY_LIMIT_BYTES) });
  // The real lookup on a real (small) SQLite index: FTS5 syntax in the input must not reach the query unescaped.
  const app = await createApp({ config, logger, skipStarterData: true });
  await app.index.upsert([SEED, OTHER]);
  serving = await startServing(app, { httpPort: "any" });
  base = `http://127.0.0.1:${serving.httpPort}`;
});

afterAll(async () => {
  await serving?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function lookup(text: string, mode: "dm" | "group") {
  const res = await fetch(`${base}/v1/lookup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ text, mode }),
  });
  return { status: res.status, body: (await res.json()) as { outcome: string; matches: unknown[]; reason?: string } };
}

describe("POST /v1/lookup on hostile input (real lookup, real index)", () => {
  it("still matches the seed claim", async () => {
    const { status, body } = await lookup(SEED_TEXT, "dm");
    expect(status).toBe(200);
    expect(body).toMatchObject({ outcome: "match", matches: [{ id: SEED.id }] });
  });

  for (const { name, text } of HOSTILE_INPUTS) {
    it(`${name} → 200 with an outcome, in both modes`, async () => {
      for (const mode of ["dm", "group"] as const) {
        const { status, body } = await lookup(text, mode);
        expect(status, `${name} (${mode})`).toBe(200);
        expect(["match", "related", "none", "rejected"]).toContain(body.outcome);
        expect(Array.isArray(body.matches)).toBe(true);
        if (body.outcome === "rejected") expect(body.reason).toBe("empty");
      }
    });
  }

  it("logged no error and counted none", async () => {
    expect(logger.entries.filter((e) => e.level === "error")).toEqual([]);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).not.toMatch(/claimbot_errors_total\{[^}]*\} [1-9]/);
  });
});
