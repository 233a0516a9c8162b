import { readFileSync } from "node:fs";
import { findMentions } from "./entities.ts";

let english: ReadonlyMap<string, string> | undefined;

/** Country and region key → English name, from the gazetteer's `english` table (CLDR); empty when it is missing. */
function englishNames(): ReadonlyMap<string, string> {
  if (english) return english;
  try {
    const file = JSON.parse(readFileSync(new URL("./model/gazetteer.json", import.meta.url), "utf8")) as { english?: Record<string, string> };
    english = new Map(Object.entries(file.english ?? {}));
  } catch {
    english = new Map();
  }
  return english;
}

/** The keys (ISO code, `region-<code>`) of the countries and regions a text names, in order, without repeats. */
export function placeKeys(text: string): string[] {
  const keys: string[] = [];
  for (const mention of findMentions(text).mentions) {
    if ((mention.kind === "country" || mention.kind === "place") && !keys.includes(mention.key)) keys.push(mention.key);
  }
  return keys;
}

/**
 * The English names of the countries and regions a text names, in whatever language or script ("북한이" → "North
 * Korea", "Corea del Norte" → "North Korea", "Europa" → "Europe"), in order, without repeats; `except` keys left out.
 */
export function englishPlaceNames(text: string, except: readonly string[] = []): string[] {
  const names = englishNames();
  return placeKeys(text)
    .filter((key) => !except.includes(key))
    .map((key) => names.get(key))
    .filter((name): name is string => name !== undefined);
}
