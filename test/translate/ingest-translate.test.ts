import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestCommand, type IngestCliOptions } from "../../src/cli/commands/ingest.ts";
import { MemoryLogger } from "../../src/core/logger.ts";
import { createLookup } from "../../src/core/lookup.ts";
import type { ProgressSink } from "../../src/ingest/progress.ts";
import { SqliteFtsIndex } from "../../src/search/sqlite-fts.ts";
import { libreTranslateEngine } from "../../src/translate/libretranslate.ts";
import { resilientTranslator } from "../../src/translate/resilient-translator.ts";
import { FakeLibreTranslate } from "./libretranslate-fake.ts";

const SPANISH_CLAIM = "El gobierno de Chile prohibió la venta de agua embotellada en todo el país";
const ENGLISH = "The government of Chile banned the sale of bottled water throughout the country";
const SEED = JSON.parse(readFileSync(new URL("../fixtures/lookup/seed-afp.jsonl", import.meta.url), "utf8").split("\n")[0]!) as Record<string, unknown>;
const record = (id: string, claim: string, language: string) => ({
  ...SEED,
  id,
  claim,
  altClaims: [],
  title: claim,
  summary: "",
  url: `https://chequeado.example/${id}`,
  language,
});

let fake: FakeLibreTranslate;
let dir: string;
let file: string;
const options = (translate: boolean): IngestCliOptions => ({ format: "auto", translate, json: true });

beforeAll(async () => {
  fake = new FakeLibreTranslate({ translations: { [SPANISH_CLAIM]: ENGLISH }, languages: ["es"] });
  dir = mkdtempSync(join(tmpdir(), "claimbot-ingest-translate-"));
  file = join(dir, "checks.jsonl");
  writeFileSync(
    file,
    [record("es-water", SPANISH_CLAIM, "es"), record("en-one", "The moon landing was staged in a studio", "en")].map((r) => JSON.stringify(r)).join("\n"),
  );
});
afterAll(async () => {
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("ingest --translate", () => {
  it("adds the English translation of a Spanish claim as another wording, so an English post finds it", async () => {
    const url = await fake.start();
    const logger = new MemoryLogger();
    const translator = resilientTranslator(libreTranslateEngine({ url, logger }), { timeoutMs: 2000, cacheEntries: 10, failureThreshold: 3, coolDownMs: 60_000, logger });
    const db = new Database(":memory:");
    const index = new SqliteFtsIndex(db);
    const updates: number[] = [];
    const progress: ProgressSink = { setTotal: () => {}, update: (n) => updates.push(n), stop: () => {} };
    const out: string[] = [];
    const err: string[] = [];
    const code = await ingestCommand([file], options(true), {
      index,
      translator,
      translateProgress: progress,
      stdout: { write: (s: string) => out.push(s) },
      stderr: { write: (s: string) => err.push(s) },
    });
    expect(code).toBe(0);
    const [spanish, english] = await index.get(["es-water", "en-one"]);
    expect(spanish!.altClaims).toEqual([ENGLISH]);
    expect(english!.altClaims).toEqual([]);
    expect(fake.translateRequests().map((r) => r.body?.q)).toEqual([SPANISH_CLAIM]);
    expect(err.join("")).toContain("translated 1 of 1 non-English claims into English with libretranslate");
    expect(updates.at(-1)).toBe(2);
    const result = await createLookup({ index })({ text: "Chile's government banned the sale of bottled water in the whole country" }, "dm");
    expect(result.outcome).not.toBe("none");
    expect(result.matches[0]!.factCheck.id).toBe("es-water");
    db.close();
  });

  it("refuses --translate when no translator is available, before reading anything", async () => {
    const err: string[] = [];
    const code = await ingestCommand([file], options(true), { stdout: { write: () => {} }, stderr: { write: (s: string) => err.push(s) } });
    expect(code).toBe(1);
    expect(err.join("")).toContain("no translator available");
  });
});
