import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Translator } from "../../src/core/translator.ts";

/** What a contract run needs: a translator and a Spanish sentence with words its English must contain. */
export interface TranslatorUnderTest {
  translator: Translator;
  spanish: string;
  englishWords: string[];
  close(): Promise<void>;
}

/**
 * The Translator port's contract, run on every implementation (test/translate/*.test.ts): Spanish is supported and
 * translated, English and unknown languages are not, `toEnglish` never rejects (resolves null instead), repeated
 * texts come back the same.
 */
export function translatorContract(name: string, make: () => Promise<TranslatorUnderTest>, enabled = true): void {
  describe.skipIf(!enabled)(`Translator contract: ${name}`, () => {
    let t: TranslatorUnderTest;
    beforeAll(async () => {
      t = await make();
    }, 60_000);
    afterAll(async () => {
      await t?.close();
    });

    it("supports Spanish, not English nor an unknown language", () => {
      expect(t.translator.supports("es")).toBe(true);
      expect(t.translator.supports("en")).toBe(false);
      expect(t.translator.supports("xx")).toBe(false);
    });

    it("translates a Spanish sentence into English", async () => {
      const english = await t.translator.toEnglish(t.spanish, "es");
      expect(english).not.toBeNull();
      for (const word of t.englishWords) expect(english!.toLowerCase()).toContain(word);
    }, 30_000);

    it("answers the same text the same way, and several texts at once each with its own translation", async () => {
      const once = await t.translator.toEnglish(t.spanish, "es");
      const [again, other] = await Promise.all([t.translator.toEnglish(t.spanish, "es"), t.translator.toEnglish("Hola.", "es")]);
      expect(again).toBe(once);
      expect(other).not.toBe(once);
    }, 30_000);

    it("resolves null (never rejects) for a language it does not translate", async () => {
      await expect(t.translator.toEnglish("something", "xx")).resolves.toBeNull();
    });
  });
}
