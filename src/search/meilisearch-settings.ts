import type { Embedder, Settings } from "meilisearch";
import type { Config } from "../config.ts";
import { ConfigError } from "../core/errors.ts";
import { EN_STOPWORDS } from "../core/text.ts";

/** Oldest Meilisearch server with every setting we send (`typoTolerance.disableOnNumbers` came in v1.15). */
export const MIN_SERVER_VERSION = "1.15.0";

/** Searchable attributes, most important first: Meilisearch's `attribute` ranking rule follows this order. */
export const SEARCHABLE_ATTRIBUTES = ["claim", "altClaims", "title", "summary", "claimant"] as const;

/**
 * Filterable attributes. `mid` (the Meilisearch id) and `urlKeys` (hashes of the normalised review and appearance
 * URLs) are there so `get` and `findByUrl` can run as searches, which a search-only key may do.
 */
export const FILTERABLE_ATTRIBUTES = ["language", "verdict", "publisher.name", "reviewDate", "mid", "urlKeys"] as const;
export const SORTABLE_ATTRIBUTES = ["reviewDate"] as const;
export const PRIMARY_KEY = "mid";

/** Facet values returned per facet; must exceed the number of publishers for `stats()` to be complete. */
export const MAX_VALUES_PER_FACET = 1000;

/**
 * Typo tolerance tuned against false positives: numbers never fuzz (a claim about 2024 must not match 2025), and
 * words need 6 letters for one typo and 12 for two (Meilisearch defaults: 5 and 9), because claims are full of
 * short names ("Biden"/"Baden") where one typo is another person. Claimant names are matched exactly.
 */
export const TYPO_TOLERANCE = {
  enabled: true,
  disableOnNumbers: true,
  minWordSizeForTypos: { oneTypo: 6, twoTypos: 12 },
  disableOnAttributes: ["claimant"],
} as const;

/** ISO 639-1 → the ISO 639-3 code Meilisearch reports back (its tokenizer's languages; others are left out). */
const MEILI_LOCALES: Readonly<Record<string, string>> = {
  af: "afr", ak: "aka", am: "amh", ar: "ara", az: "aze", be: "bel", bn: "ben", bg: "bul", ca: "cat", cs: "ces",
  da: "dan", de: "deu", el: "ell", en: "eng", eo: "epo", et: "est", fi: "fin", fr: "fra", gu: "guj", he: "heb",
  hi: "hin", hr: "hrv", hu: "hun", hy: "hye", id: "ind", it: "ita", jv: "jav", ja: "jpn", kn: "kan", ka: "kat",
  km: "khm", ko: "kor", la: "lat", lv: "lav", lt: "lit", ml: "mal", mr: "mar", mk: "mkd", my: "mya", ne: "nep",
  nl: "nld", nb: "nob", or: "ori", pa: "pan", fa: "pes", pl: "pol", pt: "por", ro: "ron", ru: "rus", si: "sin",
  sk: "slk", sl: "slv", sn: "sna", es: "spa", sr: "srp", sv: "swe", ta: "tam", te: "tel", tl: "tgl", th: "tha",
  tk: "tuk", tr: "tur", uk: "ukr", ur: "urd", uz: "uzb", vi: "vie", yi: "yid", zh: "zho", zu: "zul", cy: "cym",
};
const MEILI_LOCALE_CODES = new Set(Object.values(MEILI_LOCALES).concat("cmn"));

/** The Meilisearch locale of a BCP-47 tag (`ko-KR` → `kor`), or undefined when Meilisearch does not know it. */
export function toMeiliLocale(language: string | undefined): string | undefined {
  if (!language) return undefined;
  const primary = language.toLowerCase().split(/[-_]/)[0] ?? "";
  if (primary.length === 3 && MEILI_LOCALE_CODES.has(primary)) return primary;
  return MEILI_LOCALES[primary];
}

/** Hybrid search configuration derived from the environment. */
export interface HybridConfig {
  /** Embedder name in the index settings and in `hybrid.embedder`. */
  name: string;
  embedder: Exclude<Embedder, null>;
  /** 0 = keyword only, 1 = semantic only. */
  semanticRatio: number;
}

/** What the embedder turns into a vector: the claim, which is what a post is compared with. */
export const EMBEDDER_DOCUMENT_TEMPLATE = "{{doc.claim}}";
/** A multilingual sentence model: a Korean post and an English claim land close together. */
export const DEFAULT_HUGGINGFACE_MODEL = "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2";
export const DEFAULT_OPENAI_MODEL = "text-embedding-3-small";
export const DEFAULT_OLLAMA_MODEL = "bge-m3";

/**
 * The embedder from MEILI_EMBEDDER* variables, or undefined when MEILI_EMBEDDER is unset (keyword search only).
 * `rest` speaks the OpenAI-compatible `/embeddings` shape (`{input, model}` → `data[0].embedding`).
 */
export function hybridFromConfig(config: Config): HybridConfig | undefined {
  const name = config.MEILI_EMBEDDER;
  if (!name) return undefined;
  const source = config.MEILI_EMBEDDER_SOURCE ?? "huggingFace";
  const model = config.MEILI_EMBEDDER_MODEL;
  const url = config.MEILI_EMBEDDER_URL;
  const apiKey = config.MEILI_EMBEDDER_API_KEY;
  const documentTemplate = EMBEDDER_DOCUMENT_TEMPLATE;
  let embedder: HybridConfig["embedder"];
  switch (source) {
    case "huggingFace":
      embedder = { source, model: model ?? DEFAULT_HUGGINGFACE_MODEL, documentTemplate };
      break;
    case "openAi":
      if (!apiKey) throw new ConfigError("MEILI_EMBEDDER_SOURCE=openAi needs MEILI_EMBEDDER_API_KEY", ["MEILI_EMBEDDER_API_KEY"]);
      embedder = { source, model: model ?? DEFAULT_OPENAI_MODEL, apiKey, documentTemplate, ...(url ? { url } : {}) };
      break;
    case "ollama":
      embedder = { source, model: model ?? DEFAULT_OLLAMA_MODEL, documentTemplate, ...(url ? { url } : {}) };
      break;
    case "rest": {
      if (!url) throw new ConfigError("MEILI_EMBEDDER_SOURCE=rest needs MEILI_EMBEDDER_URL", ["MEILI_EMBEDDER_URL"]);
      embedder = {
        source,
        url,
        documentTemplate,
        request: { input: "{{text}}", ...(model ? { model } : {}) },
        response: { data: [{ embedding: "{{embedding}}" }] },
        ...(apiKey ? { apiKey } : {}),
      };
      break;
    }
    case "userProvided":
      throw new ConfigError(
        "MEILI_EMBEDDER_SOURCE=userProvided is not supported: claimbot does not compute vectors; use huggingFace, openAi, ollama or rest",
        ["MEILI_EMBEDDER_SOURCE"],
      );
  }
  return { name, embedder, semanticRatio: config.MEILI_SEMANTIC_RATIO };
}

/**
 * The index settings claimbot expects. `languages` are the BCP-47 tags present in the index (they become
 * `localizedAttributes`, so each text is segmented as one of its corpus' languages, which matters for CJK).
 */
export function settingsPayload(options: { languages?: readonly string[]; hybrid?: HybridConfig } = {}): Settings {
  const locales = [
    ...new Set((options.languages ?? []).map(toMeiliLocale).filter((l): l is string => l !== undefined)),
  ].sort();
  const settings: Settings = {
    searchableAttributes: [...SEARCHABLE_ATTRIBUTES],
    filterableAttributes: [...FILTERABLE_ATTRIBUTES],
    sortableAttributes: [...SORTABLE_ATTRIBUTES],
    stopWords: [...EN_STOPWORDS].sort(),
    typoTolerance: {
      ...TYPO_TOLERANCE,
      minWordSizeForTypos: { ...TYPO_TOLERANCE.minWordSizeForTypos },
      disableOnAttributes: [...TYPO_TOLERANCE.disableOnAttributes],
    },
    faceting: { maxValuesPerFacet: MAX_VALUES_PER_FACET },
  };
  // Left out while the index holds no language Meilisearch knows: the server then detects languages itself.
  if (locales.length > 0) settings.localizedAttributes = [{ attributePatterns: [...SEARCHABLE_ATTRIBUTES], locales }];
  if (options.hybrid) settings.embedders = { [options.hybrid.name]: options.hybrid.embedder };
  return settings;
}

/** One setting whose value on the server differs from `settingsPayload`. Values are safe to print (no keys). */
export interface SettingDrift {
  setting: string;
  expected: unknown;
  actual: unknown;
}

const UNORDERED = new Set(["filterableAttributes", "sortableAttributes", "stopWords"]);

/**
 * Compares expected settings with the server's. Order matters only where Meilisearch gives it meaning
 * (searchableAttributes). Embedder API keys are never compared nor returned.
 */
export function settingsDrift(expected: Settings, actual: Settings): SettingDrift[] {
  const drift: SettingDrift[] = [];
  for (const [key, want] of Object.entries(expected) as Array<[keyof Settings, unknown]>) {
    let have: unknown = actual[key];
    let wanted: unknown = want;
    if (key === "embedders") {
      wanted = redactEmbedders(want as Settings["embedders"]);
      have = redactEmbedders(have as Settings["embedders"], Object.keys(wanted ?? {}));
    }
    if (!subsetEqual(wanted, have, UNORDERED.has(key))) drift.push({ setting: key, expected: wanted, actual: have });
  }
  return drift;
}

function redactEmbedders(embedders: Settings["embedders"], only?: string[]): Record<string, unknown> | undefined {
  if (!embedders) return undefined;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(embedders)) {
    if (only && !only.includes(name)) continue;
    if (value === null) continue;
    const { apiKey: _apiKey, ...rest } = value as Record<string, unknown>;
    out[name] = rest;
  }
  return out;
}

/** `want` ⊆ `have`: every field we set has our value; extra fields the server reports are ignored. */
function subsetEqual(want: unknown, have: unknown, unordered = false): boolean {
  if (Array.isArray(want)) {
    if (!Array.isArray(have) || have.length !== want.length) return false;
    if (unordered) {
      const a = want.map((v) => JSON.stringify(v)).sort();
      const b = have.map((v) => JSON.stringify(v)).sort();
      return a.every((v, i) => v === b[i]);
    }
    return want.every((v, i) => subsetEqual(v, have[i]));
  }
  if (want !== null && typeof want === "object") {
    if (have === null || typeof have !== "object") return false;
    return Object.entries(want).every(([k, v]) => subsetEqual(v, (have as Record<string, unknown>)[k]));
  }
  return want === have;
}
