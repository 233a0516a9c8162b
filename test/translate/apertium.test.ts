import { describe, expect, it } from "vitest";
import { MemoryLogger, silentLogger } from "../../src/core/logger.ts";
import { apertiumEngine, findApertium, fromApertiumStream, nullFlushPipeline, toApertiumStream } from "../../src/translate/apertium.ts";
import { resilientTranslator } from "../../src/translate/resilient-translator.ts";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { useTempDirs } from "../support/temp-dirs.ts";
import { translatorContract } from "./translator.contract.ts";

const install = findApertium();
const spanish = install?.pairs.some((p) => p.languages.includes("es")) ?? false;
if (!spanish) {
  // Printed so a run without Apertium says why these tests did not run (npm test never needs it).
  console.log("test/translate/apertium.test.ts: Apertium with the Spanish pair is not installed (apt-get install apertium apertium-eng-spa); its translation tests are skipped");
}

translatorContract(
  "Apertium (spa-eng)",
  async () => {
    const logger = new MemoryLogger();
    const translator = resilientTranslator(apertiumEngine(install!, logger), { timeoutMs: 5000, cacheEntries: 10, failureThreshold: 3, coolDownMs: 60_000, logger });
    return { translator, spanish: "Corea del Norte ha decidido enviar tropas a Ucrania.", englishWords: ["north korea", "troops", "ukraine"], close: () => translator.close() };
  },
  spanish,
);

describe("Apertium stream format", () => {
  const tempDir = useTempDirs();
  it("escapes the characters the stream format reserves and folds whitespace", () => {
    expect(toApertiumStream("a [b] ^c$ 5/6 @x <y> {z} \\ \n\t end")).toBe("a \\[b\\] \\^c\\$ 5\\/6 \\@x \\<y\\> \\{z\\} \\\\ end");
  });
  it("undoes the escapes and drops the marks of unknown words", () => {
    expect(fromApertiumStream("The \\[sic\\] *Unbelievable #taking @palabra costs \\$5")).toBe("The [sic] Unbelievable taking palabra costs $5");
  });
  it("puts every stage of a mode in null-flush mode once", () => {
    const dir = tempDir("claimbot-apertium-");
    const file = join(dir, "xxx-eng.mode");
    writeFileSync(file, "lt-proc 'a.bin' | apertium-tagger -g $2 'b.prob' | lt-proc -z $1 'c.bin'\n");
    expect(nullFlushPipeline(file)).toBe("lt-proc -z 'a.bin' | apertium-tagger -z -g $2 'b.prob' | lt-proc -z $1 'c.bin'");
  });
  it("lists only the directions into English, three- and two-letter mode names alike", () => {
    const root = tempDir("claimbot-apertium-install-");
    mkdirSync(join(root, "bin"));
    mkdirSync(join(root, "data", "modes"), { recursive: true });
    writeFileSync(join(root, "bin", "apertium"), "#!/bin/sh\n");
    chmodSync(join(root, "bin", "apertium"), 0o755);
    for (const mode of ["spa-eng", "spa-eng_US", "eng-spa", "eo-en", "hbs-eng"]) writeFileSync(join(root, "data", "modes", `${mode}.mode`), "lt-proc x\n");
    const found = findApertium({ PATH: join(root, "bin"), APERTIUM_DATADIR: join(root, "data") });
    expect(found?.pairs.map((p) => [p.mode, p.languages])).toEqual([
      ["eo-en", ["eo"]],
      ["hbs-eng", ["sr", "hr", "bs"]],
      ["spa-eng", ["es"]],
    ]);
  });
  it("finds no Apertium on an empty PATH", () => {
    expect(findApertium({ PATH: "" })).toBeUndefined();
  });
});

describe.skipIf(!spanish)("Apertium pipeline", () => {
  it("lists the installed directions into English from the modes", () => {
    expect(install!.pairs.find((p) => p.mode === "spa-eng")).toMatchObject({ languages: ["es"] });
    expect(install!.pairs.every((p) => p.mode.endsWith("-eng"))).toBe(true);
  });

  it("keeps reserved characters and the final punctuation, and answers many posts in order from one pipeline", async () => {
    const engine = apertiumEngine(install!, silentLogger);
    const translator = resilientTranslator(engine, { timeoutMs: 5000, cacheEntries: 0, failureThreshold: 3, coolDownMs: 60_000, logger: silentLogger });
    try {
      const texts = ["El presidente dijo [sic] que cuesta $5 <b>hoy</b>.", ...Array.from({ length: 20 }, (_, i) => `Tengo ${i + 1} perros.`)];
      const out = await Promise.all(texts.map((t) => translator.toEnglish(t, "es")));
      expect(out[0]).toMatch(/^The president said \[sic\] .*\$5 <b>.*<\/b>\.$/);
      out.slice(1).forEach((english, i) => expect(english).toContain(`${i + 1}`));
    } finally {
      await translator.close();
    }
  }, 60_000);

  it("after close it answers null instead of starting the pipeline again", async () => {
    const translator = resilientTranslator(apertiumEngine(install!, silentLogger), { timeoutMs: 5000, cacheEntries: 10, failureThreshold: 3, coolDownMs: 60_000, logger: silentLogger });
    expect(await translator.toEnglish("Hola.", "es")).toBe("Hello.");
    await translator.close();
    expect(await translator.toEnglish("Adiós.", "es")).toBeNull();
  }, 60_000);
});
