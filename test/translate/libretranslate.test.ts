import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryLogger } from "../../src/core/logger.ts";
import { libreTranslateEngine } from "../../src/translate/libretranslate.ts";
import { resilientTranslator } from "../../src/translate/resilient-translator.ts";
import { FakeLibreTranslate } from "./libretranslate-fake.ts";
import { translatorContract } from "./translator.contract.ts";

const SPANISH = "Corea del Norte ha decidido enviar tropas a Ucrania.";
const ENGLISH = "North Korea has decided to send troops to Ukraine.";
const KEY = "secret-translate-key-7f3a";

translatorContract("LibreTranslate over a loopback fake", async () => {
  const fake = new FakeLibreTranslate({ translations: { [SPANISH]: ENGLISH, "Hola.": "Hello." }, languages: ["es", "ko"] });
  const url = await fake.start();
  const logger = new MemoryLogger();
  const translator = resilientTranslator(libreTranslateEngine({ url, logger }), { timeoutMs: 2000, cacheEntries: 10, failureThreshold: 3, coolDownMs: 60_000, logger });
  await translator.toEnglish("Hola.", "es"); // languages are read before the first translation
  return { translator, spanish: SPANISH, englishWords: ["north korea", "troops"], close: () => fake.stop() };
});

describe("LibreTranslate client", () => {
  let fake: FakeLibreTranslate;
  let url: string;
  let logger: MemoryLogger;
  const make = (options: { apiKey?: string; timeoutMs?: number; coolDownMs?: number; cacheEntries?: number } = {}) =>
    resilientTranslator(libreTranslateEngine({ url, logger, ...(options.apiKey ? { apiKey: options.apiKey } : {}) }), {
      timeoutMs: options.timeoutMs ?? 2000,
      cacheEntries: options.cacheEntries ?? 10,
      failureThreshold: 2,
      coolDownMs: options.coolDownMs ?? 60_000,
      logger,
    });

  beforeEach(async () => {
    fake = new FakeLibreTranslate({ translations: { [SPANISH]: ENGLISH }, languages: ["es", "ko"], apiKey: KEY });
    url = await fake.start();
    logger = new MemoryLogger();
  });
  afterEach(async () => {
    await fake.stop();
  });

  it("posts q, source, target en, format text and the key in the body", async () => {
    const translator = make({ apiKey: KEY });
    expect(await translator.toEnglish(SPANISH, "es")).toBe(ENGLISH);
    expect(fake.translateRequests()[0]!.body).toEqual({ q: SPANISH, source: "es", target: "en", format: "text", api_key: KEY });
  });

  it("reads the languages it translates into English from /languages", async () => {
    const translator = make({ apiKey: KEY });
    await translator.toEnglish(SPANISH, "es");
    expect(fake.requests.some((r) => r.path === "/languages")).toBe(true);
    expect(translator.supports("ko")).toBe(true);
    expect(translator.supports("ja")).toBe(false);
  });

  it("answers a repeated text from its cache, without a second request", async () => {
    const translator = make({ apiKey: KEY });
    await translator.toEnglish(SPANISH, "es");
    await translator.toEnglish(SPANISH, "es");
    expect(fake.translateRequests()).toHaveLength(1);
    expect(translator.cacheSize).toBe(1);
  });

  it("a wrong key gives null and one error log that never holds the key", async () => {
    const translator = make({ apiKey: "wrong-key-value-123" });
    expect(await translator.toEnglish(SPANISH, "es")).toBeNull();
    expect(await translator.toEnglish("otra frase", "es")).toBeNull();
    const errors = logger.entries.filter((e) => e.message === "translator refused the key");
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(logger.entries)).not.toContain("wrong-key-value-123");
    expect(translator.breaker.state).toBe("closed");
  });

  it("a server that hangs costs at most the deadline, and the breaker then answers at once without a request", async () => {
    fake.delayMs = 1000;
    const translator = make({ apiKey: KEY, timeoutMs: 150 });
    const t0 = Date.now();
    expect(await translator.toEnglish(SPANISH, "es")).toBeNull();
    expect(Date.now() - t0).toBeLessThan(900);
    expect(await translator.toEnglish("segunda", "es")).toBeNull();
    expect(translator.breaker.state).toBe("open");
    const before = fake.translateRequests().length;
    const t1 = Date.now();
    expect(await translator.toEnglish("tercera", "es")).toBeNull();
    expect(Date.now() - t1).toBeLessThan(50);
    expect(fake.translateRequests().length).toBe(before);
    expect(logger.entries.map((e) => e.message)).toContain("translator circuit open");
  });

  it("5xx counts against the breaker; after the cool-down a probe that succeeds closes it", async () => {
    fake.status = 503;
    const translator = make({ apiKey: KEY, coolDownMs: 100 });
    expect(await translator.toEnglish("uno", "es")).toBeNull();
    expect(await translator.toEnglish("dos", "es")).toBeNull();
    expect(translator.breaker.state).toBe("open");
    fake.status = undefined;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await translator.toEnglish(SPANISH, "es")).toBe(ENGLISH);
    expect(translator.breaker.state).toBe("closed");
  });

  it("a server that is not there gives null, and the error log names no URL", async () => {
    await fake.stop();
    const translator = make({ apiKey: KEY });
    expect(await translator.toEnglish(SPANISH, "es")).toBeNull();
    expect(logger.entries.find((e) => e.message === "translation failed")?.fields).toMatchObject({ kind: "network" });
    expect(JSON.stringify(logger.entries)).not.toContain(KEY);
    fake = new FakeLibreTranslate();
    await fake.start();
  });
});
