import { createRequire } from "node:module";
import type { CheerioAPI } from "cheerio";

const require = createRequire(import.meta.url);
let cheerioLoad: ((html: string) => CheerioAPI) | undefined;

/**
 * `cheerio.load`, with cheerio required on first use. Only HTML inputs need it, and loading it costs ~0.1–0.25 s
 * per process (its entry point also loads undici for `fromURL`): every `claimbot` command and each ingest worker
 * thread paid that at start, although most never read a page.
 */
export function loadHtml(html: string): CheerioAPI {
  cheerioLoad ??= (require("cheerio") as typeof import("cheerio")).load;
  return cheerioLoad(html);
}
