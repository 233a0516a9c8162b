import type { DoctorCheck } from "../search/meilisearch-doctor.ts";
import { chooseTranslator, type TranslatorConfig } from "./open.ts";

/**
 * `claimbot doctor`'s translator line: which engine translates posts into English, and for which languages.
 * Starts no engine and sends no request (LibreTranslate's languages are read when the bot starts).
 */
export function translatorChecks(config: TranslatorConfig, env: NodeJS.ProcessEnv = process.env): DoctorCheck[] {
  const choice = chooseTranslator(config, env);
  switch (choice.kind) {
    case "libretranslate":
      return [{ name: "translator", status: "ok", detail: `LibreTranslate-compatible API (TRANSLATE_URL); languages from its /languages` }];
    case "apertium":
      return [
        {
          name: "translator",
          status: "ok",
          detail: `apertium (${choice.install.binary}): ${choice.install.pairs.map((p) => `${p.mode} (${p.languages.join("/")})`).join(", ")}`,
        },
      ];
    case "none":
      return [
        {
          name: "translator",
          status: config.TRANSLATOR === "off" ? "ok" : "warn",
          detail: `none (${choice.reason}): a post finds fact-checks in another language only through their alternative wordings`,
          ...(config.TRANSLATOR === "off"
            ? {}
            : { fix: "apt-get install apertium apertium-eng-spa (Spanish; other *-eng pairs likewise), or run LibreTranslate and set TRANSLATE_URL (Korean, Chinese, Japanese…)" }),
        },
      ];
  }
}
