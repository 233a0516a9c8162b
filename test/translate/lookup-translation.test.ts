import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FactCheckSchema, type FactCheck } from "../../src/core/factcheck.ts";
import { MemoryLogger } from "../../src/core/logger.ts";
import { createLookup, toLookupJson } from "../../src/core/lookup.ts";
import { renderReply } from "../../src/core/render-reply.ts";
import { SqliteFtsIndex } from "../../src/search/sqlite-fts.ts";
import { libreTranslateEngine } from "../../src/translate/libretranslate.ts";
import { resilientTranslator } from "../../src/translate/resilient-translator.ts";
import { FakeLibreTranslate } from "./libretranslate-fake.ts";

function fixture(name: string): FactCheck[] {
  const text = readFileSync(new URL(`../fixtures/lookup/${name}`, import.meta.url), "utf8");
  return text.split("\n").filter((l) => l.trim()).map((l) => FactCheckSchema.parse(JSON.parse(l)));
}

/** A Korean post about a fact-check that exists only in English (the Snopes record has no other wording). */
const KOREAN_POST = "일리노이주 의원들이 미혼모가 자녀의 출생증명서를 받지 못하게 하는 법안을 발의했다고 합니다";
const ITS_ENGLISH = "Illinois lawmakers have proposed a bill to prevent single mothers from obtaining birth certificates for their children";
const GOLD = "vclaim-sno-single-mother-birth-certificate";
/** The seed: a Korean post whose fact-check carries Korean wordings (altClaims). */
const SEED_KOREAN = "[속보] 러시아 국영 언론 \"북한, 러시아 지원 위해 우크라이나에 파병 결정\"";
const SEED_ID = "news-yahoo-com-7d571958c0dfc1b5";

let db: Database.Database;
let index: SqliteFtsIndex;
let fake: FakeLibreTranslate;
let url: string;

beforeAll(async () => {
  db = new Database(":memory:");
  index = new SqliteFtsIndex(db);
  await index.upsert([...fixture("seed-afp.jsonl"), ...fixture("snopes-sample.jsonl")]);
  fake = new FakeLibreTranslate({ translations: { [KOREAN_POST]: ITS_ENGLISH }, languages: ["es", "ko"] });
  url = await fake.start();
});
afterAll(async () => {
  await fake.stop();
  db.close();
});

const translatorOn = (logger = new MemoryLogger()) =>
  resilientTranslator(libreTranslateEngine({ url, logger }), { timeoutMs: 2000, cacheEntries: 10, failureThreshold: 3, coolDownMs: 60_000, logger });

describe("a post in one language finds the fact-check written in another", () => {
  it("without a translator, the Korean post finds nothing in the English-only fact-check", async () => {
    const result = await createLookup({ index })({ text: KOREAN_POST }, "dm");
    expect(result.outcome).toBe("none");
    expect(result.query.translation).toBeUndefined();
  });

  it("with a (fake) LibreTranslate, the Korean post is answered with the English fact-check, and the reply says how", async () => {
    const before = fake.translateRequests().length;
    const result = await createLookup({ index, translator: translatorOn() })({ text: KOREAN_POST }, "dm");
    expect(result.outcome).toBe("match");
    expect(result.matches[0]!.factCheck.id).toBe(GOLD);
    expect(result.matches[0]!.viaTranslation).toBe(true);
    expect(result.query.translation).toEqual({ from: "ko", engine: "libretranslate" });
    expect(fake.translateRequests().slice(before)[0]!.body).toMatchObject({ q: KOREAN_POST, source: "ko", target: "en" });
    expect(toLookupJson(result).matches[0]).toMatchObject({ id: GOLD, translated: true });
    expect(renderReply(result, "en").text).toContain("Matched through an English translation of your post.");
    expect(renderReply(result, "ko").text).toContain("게시물을 영어로 번역해 찾은 팩트체크입니다.");
  });

  it("the seed's Korean post still matches the AFP fact-check through its Korean wordings, without any translator", async () => {
    for (const mode of ["dm", "group"] as const) {
      const result = await createLookup({ index })({ text: SEED_KOREAN }, mode);
      expect(result.outcome).toBe("match");
      expect(result.matches[0]!.factCheck.id).toBe(SEED_ID);
      expect(result.matches[0]!.viaTranslation).toBeUndefined();
      expect(renderReply(result, "ko").text).not.toContain("번역해");
    }
  });

  it("with a translator, the seed's Korean post still matches (its own wording is the closer reading)", async () => {
    const result = await createLookup({ index, translator: translatorOn() })({ text: SEED_KOREAN }, "group");
    expect(result.outcome).toBe("match");
    expect(result.matches[0]!.factCheck.id).toBe(SEED_ID);
  });

  it("an English post is never sent to the translator", async () => {
    const before = fake.requests.length;
    const result = await createLookup({ index, translator: translatorOn() })(
      { text: "Lawmakers in Illinois proposed a bill to prevent single mothers from obtaining birth certificates" },
      "dm",
    );
    expect(result.outcome).toBe("match");
    expect(fake.translateRequests().length).toBe(fake.requests.filter((r) => r.path === "/translate").length);
    expect(fake.requests.slice(before).filter((r) => r.path === "/translate")).toEqual([]);
  });

  it("a translator that fails costs the translation, not the answer: the same outcome as without one", async () => {
    fake.status = 503;
    try {
      const logger = new MemoryLogger();
      const withFailing = await createLookup({ index, translator: translatorOn(logger) })({ text: SEED_KOREAN }, "group");
      const without = await createLookup({ index })({ text: SEED_KOREAN }, "group");
      expect(withFailing.outcome).toBe(without.outcome);
      expect(withFailing.matches.map((m) => [m.factCheck.id, m.score])).toEqual(without.matches.map((m) => [m.factCheck.id, m.score]));
      expect(withFailing.query.translation).toBeUndefined();
      expect(logger.entries.map((e) => e.message)).toContain("translation failed");
    } finally {
      fake.status = undefined;
    }
  });
});
