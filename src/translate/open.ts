import type { Config } from "../config.ts";
import type { Logger } from "../core/logger.ts";
import { apertiumEngine, findApertium } from "./apertium.ts";
import { libreTranslateEngine } from "./libretranslate.ts";
import { resilientTranslator, TRANSLATOR_DEFAULTS, type ResilientTranslator } from "./resilient-translator.ts";

export type TranslatorConfig = Pick<Config, "TRANSLATOR" | "TRANSLATE_URL" | "TRANSLATE_API_KEY" | "TRANSLATE_TIMEOUT_MS">;

/** Which engine the configuration picks, and why (doctor and the start-up log say the same). */
export type TranslatorChoice =
  | { kind: "libretranslate"; url: string }
  | { kind: "apertium"; install: NonNullable<ReturnType<typeof findApertium>> }
  | { kind: "none"; reason: string };

/** Picks the engine: `auto` = LibreTranslate when TRANSLATE_URL is set, else Apertium when installed, else none. */
export function chooseTranslator(config: TranslatorConfig, env: NodeJS.ProcessEnv = process.env): TranslatorChoice {
  if (config.TRANSLATOR === "off") return { kind: "none", reason: "TRANSLATOR=off" };
  if (config.TRANSLATE_URL && config.TRANSLATOR !== "apertium") return { kind: "libretranslate", url: config.TRANSLATE_URL };
  if (config.TRANSLATOR === "libretranslate") return { kind: "none", reason: "TRANSLATOR=libretranslate needs TRANSLATE_URL" };
  const install = findApertium(env);
  if (install) return { kind: "apertium", install };
  return {
    kind: "none",
    reason:
      config.TRANSLATOR === "apertium"
        ? "TRANSLATOR=apertium but no apertium with a *-eng pair was found on PATH"
        : "no TRANSLATE_URL and no apertium with a *-eng pair on PATH",
  };
}

/**
 * The translator of the configuration, or undefined (posts are then searched in their own language only, as
 * before; said once in the log). The engine starts lazily: Apertium's pipelines on the first post of a language.
 */
export function openTranslator(config: TranslatorConfig, logger: Logger, env: NodeJS.ProcessEnv = process.env): ResilientTranslator | undefined {
  const choice = chooseTranslator(config, env);
  const options = { ...TRANSLATOR_DEFAULTS, timeoutMs: config.TRANSLATE_TIMEOUT_MS, logger };
  switch (choice.kind) {
    case "none":
      logger.info("no translator: posts are searched in their own language only", { reason: choice.reason });
      return undefined;
    case "libretranslate":
      logger.info("translator", { engine: "libretranslate" });
      return resilientTranslator(
        libreTranslateEngine({ url: choice.url, ...(config.TRANSLATE_API_KEY ? { apiKey: config.TRANSLATE_API_KEY } : {}), logger }),
        options,
      );
    case "apertium":
      logger.info("translator", { engine: "apertium", pairs: choice.install.pairs.map((p) => p.mode) });
      return resilientTranslator(apertiumEngine(choice.install, logger), options);
  }
}
