import type { Logger } from "../core/logger.ts";
import { TRANSLATION_TARGET } from "../core/translator.ts";
import { toBcp47 } from "./languages.ts";
import type { TranslationEngine } from "./resilient-translator.ts";
import { TranslateFailure } from "./translate-failure.ts";

export interface LibreTranslateOptions {
  /** Base URL of a LibreTranslate-compatible server, e.g. `http://127.0.0.1:5000` (TRANSLATE_URL). */
  url: string;
  /** Sent as `api_key` in the JSON body (TRANSLATE_API_KEY); never logged, never in an error. */
  apiKey?: string;
  /** Deadline of the `/languages` request at start, in milliseconds. */
  languagesTimeoutMs?: number;
  logger: Logger;
}

/** The part of `GET /languages` read: each language's code and the codes it translates into. */
interface LanguageEntry {
  code?: unknown;
  targets?: unknown;
}

/**
 * A LibreTranslate-compatible HTTP API: `POST /translate {q, source, target: "en", format: "text", api_key}` →
 * `{translatedText}`; the languages it translates into English come from `GET /languages` (asked once, in the
 * background; until it answers every language is tried and the server's 400 says no).
 */
export function libreTranslateEngine(options: LibreTranslateOptions): TranslationEngine {
  const base = options.url.replace(/\/+$/, "");
  let languages: Set<string> | undefined;
  const loaded = (async () => {
    try {
      const response = await fetch(`${base}/languages`, { signal: AbortSignal.timeout(options.languagesTimeoutMs ?? 5000) });
      if (!response.ok) {
        options.logger.warn("translator languages unavailable", { engine: "libretranslate", status: response.status });
        return;
      }
      const body = (await response.json()) as unknown;
      if (!Array.isArray(body)) return;
      const into = new Set<string>();
      for (const entry of body as LanguageEntry[]) {
        const targets = Array.isArray(entry.targets) ? entry.targets : [TRANSLATION_TARGET];
        if (typeof entry.code === "string" && targets.includes(TRANSLATION_TARGET)) toBcp47(entry.code).forEach((c) => into.add(c));
      }
      into.delete(TRANSLATION_TARGET);
      languages = into;
      options.logger.info("translator languages", { engine: "libretranslate", languages: [...into].sort() });
    } catch (error) {
      options.logger.warn("translator languages unavailable", { engine: "libretranslate", error: error instanceof Error ? error.name : "unknown" });
    }
  })();
  return {
    engine: "libretranslate",
    supports: (source) => source !== TRANSLATION_TARGET && (languages === undefined || languages.has(source)),
    ready: () => loaded,
    async translate(text, source, signal) {
      let response: Response;
      try {
        response = await fetch(`${base}/translate`, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify({
            q: text,
            source,
            target: TRANSLATION_TARGET,
            format: "text",
            ...(options.apiKey ? { api_key: options.apiKey } : {}),
          }),
          signal,
        });
      } catch {
        // The cause may hold the URL; only the kind leaves this function.
        throw new TranslateFailure(signal.aborted ? "timeout" : "network");
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => {});
        const status = response.status;
        throw new TranslateFailure(
          status === 401 || status === 403 ? "auth" : status === 429 || status >= 500 ? "server" : "refused",
          status,
        );
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        throw new TranslateFailure("server", response.status);
      }
      const translated = (body as { translatedText?: unknown } | null)?.translatedText;
      if (typeof translated !== "string") throw new TranslateFailure("server", response.status);
      return translated;
    },
    async close() {},
  };
}
