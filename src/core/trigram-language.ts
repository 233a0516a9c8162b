import { data } from "franc-min/data.js";
import { expressions } from "franc-min/expressions.js";
import { trigrams } from "trigram-utils";

/**
 * franc-min's `franc(value, { minLength, only })`, the same answer at a quarter of the cost (issue 15: franc was 3–4%
 * of a lookup's CPU, ~240 µs a bench post; this, ~60 µs). franc scores every candidate language by walking the
 * text's trigrams through that language's model object (one property lookup per trigram and language, ~40 Latin
 * languages), after building a dictionary object and a sorted tuple list of the trigrams. Here the models of the
 * allowed languages are merged once into one table, trigram → ranks per language, so a trigram costs one `Map` lookup
 * and a pass over a small typed array, and the text's trigrams (trigram-utils' `trigrams`, as franc takes them) are
 * counted in a `Map` (franc's distance is a sum: their order does not matter).
 * The steps and tie-breaks are franc's own (property-tested against franc on real posts and on generated texts,
 * test/core/trigram-language.test.ts):
 * - the script is the one of franc's expressions matching the most characters (first in franc's order on a tie);
 * - a script with one language (or none in `data`) answers that language when allowed, `und` otherwise;
 * - else each allowed language of the script scores Σ over the cleaned text's distinct trigrams of
 *   |count − rank − 1|, or 300 for a trigram its model lacks; the lowest score wins, the first in franc's data order
 *   on a tie.
 */

const MAX_LENGTH = 2048;
const MAX_DIFFERENCE = 300;
const UND = "und";

interface ScriptModel {
  languages: string[];
  /** Trigram → its rank (0-based) in each language's model, −1 where the model lacks it. */
  ranks: Map<string, Int16Array>;
}

/** The merged models of the allowed languages of a script, or null when none is allowed. */
function scriptModel(script: string, allowed: (language: string) => boolean): ScriptModel | null {
  const models = (data as Record<string, Record<string, string>>)[script]!;
  const languages = Object.keys(models).filter(allowed);
  if (languages.length === 0) return null;
  const ranks = new Map<string, Int16Array>();
  languages.forEach((language, l) => {
    const trigrams = models[language]!.split("|");
    // franc keeps the lowest index of a trigram listed twice (it assigns from the last index down).
    for (let weight = trigrams.length - 1; weight >= 0; weight--) {
      const trigram = trigrams[weight]!;
      let row = ranks.get(trigram);
      if (!row) ranks.set(trigram, (row = new Int16Array(languages.length).fill(-1)));
      row[l] = weight;
    }
  });
  return { languages, ranks };
}

/** franc's script: the expression matching the largest share of `value` (ties: the first). */
function topScript(value: string): [string | undefined, number] {
  let topCount = -1;
  let top: string | undefined;
  for (const script in expressions) {
    const count = (value.match((expressions as Record<string, RegExp>)[script]!)?.length ?? 0) / value.length || 0;
    if (count > topCount) {
      topCount = count;
      top = script;
    }
  }
  return [top, topCount];
}

/**
 * `(value) => franc(value, { minLength, only })` of franc-min 6 (see the file's comment); `only` empty allows every
 * language. The merged model of a script is built at its first use.
 */
export function trigramDetector(options: { minLength: number; only: readonly string[] }): (value: string) => string {
  const only = new Set(options.only);
  const allowed = (language: string) => only.size === 0 || only.has(language);
  const models = new Map<string, ScriptModel | null>();
  return (value) => {
    if (!value || value.length < options.minLength) return UND;
    const text = value.slice(0, MAX_LENGTH);
    const [script, share] = topScript(text);
    if (!script || !(script in data)) return !script || share === 0 || !allowed(script) ? UND : script;
    let model = models.get(script);
    if (model === undefined) models.set(script, (model = scriptModel(script, allowed)));
    if (!model) return UND;
    const counts = new Map<string, number>();
    for (const trigram of trigrams(text)) counts.set(trigram, (counts.get(trigram) ?? 0) + 1);
    const n = model.languages.length;
    const distances = new Float64Array(n);
    for (const [trigram, count] of counts) {
      // A trigram no allowed model knows adds the same 300 to every language: it cannot change the order.
      const row = model.ranks.get(trigram);
      if (!row) continue;
      for (let l = 0; l < n; l++) {
        const rank = row[l]!;
        distances[l]! += rank < 0 ? MAX_DIFFERENCE : Math.abs(count - rank - 1);
      }
    }
    let best = 0;
    for (let l = 1; l < n; l++) if (distances[l]! < distances[best]!) best = l;
    return model.languages[best]!;
  };
}
