import { describe, expect, it } from "vitest";
import { loadConfig, SECRET_VARIABLES } from "../../src/config.ts";
import { ConfigError } from "../../src/core/errors.ts";
import { MemoryLogger } from "../../src/core/logger.ts";
import { translatorChecks } from "../../src/translate/doctor.ts";
import { chooseTranslator, openTranslator } from "../../src/translate/open.ts";

const NO_APERTIUM = { PATH: "" };
const config = (env: Record<string, string>) => loadConfig({ ...env });

describe("translator configuration", () => {
  it("defaults to auto with a 2 s deadline; TRANSLATE_API_KEY is a secret", () => {
    const c = config({});
    expect(c.TRANSLATOR).toBe("auto");
    expect(c.TRANSLATE_TIMEOUT_MS).toBe(2000);
    expect(SECRET_VARIABLES).toContain("TRANSLATE_API_KEY");
  });

  it("TRANSLATOR=libretranslate without TRANSLATE_URL is refused, naming the variable and not the key", () => {
    try {
      config({ TRANSLATOR: "libretranslate", TRANSLATE_API_KEY: "k-123-secret" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variables).toEqual(["TRANSLATE_URL"]);
      expect((error as Error).message).not.toContain("k-123-secret");
    }
  });

  it("auto picks LibreTranslate when TRANSLATE_URL is set, else Apertium when found, else none", () => {
    expect(chooseTranslator(config({ TRANSLATE_URL: "http://127.0.0.1:5000" }), NO_APERTIUM).kind).toBe("libretranslate");
    expect(chooseTranslator(config({}), NO_APERTIUM)).toEqual({ kind: "none", reason: "no TRANSLATE_URL and no apertium with a *-eng pair on PATH" });
    expect(chooseTranslator(config({ TRANSLATOR: "off", TRANSLATE_URL: "http://127.0.0.1:5000" }), NO_APERTIUM).kind).toBe("none");
  });

  it("no translator: undefined, said once in the log", () => {
    const logger = new MemoryLogger();
    expect(openTranslator(config({}), logger, NO_APERTIUM)).toBeUndefined();
    expect(logger.entries.filter((e) => e.message === "no translator: posts are searched in their own language only")).toHaveLength(1);
  });

  it("doctor: a warning with the fix when none is found; ok when switched off; the engine when configured", () => {
    const none = translatorChecks(config({}), NO_APERTIUM);
    expect(none).toMatchObject([{ name: "translator", status: "warn" }]);
    expect(none[0]!.fix).toContain("apt-get install apertium apertium-eng-spa");
    expect(none[0]!.fix).toContain("TRANSLATE_URL");
    expect(translatorChecks(config({ TRANSLATOR: "off" }), NO_APERTIUM)).toMatchObject([{ status: "ok" }]);
    const lt = translatorChecks(config({ TRANSLATE_URL: "http://127.0.0.1:5000", TRANSLATE_API_KEY: "k-xyz-987" }), NO_APERTIUM);
    expect(lt[0]!.detail).toContain("LibreTranslate");
    expect(JSON.stringify(lt)).not.toContain("k-xyz-987");
  });
});
