import { readFileSync } from "node:fs";
import fc from "fast-check";
import { franc } from "franc-min";
import { data } from "franc-min/data.js";
import { describe, expect, it } from "vitest";
import { DETECTED_LANGUAGES, MIN_LATIN_LETTERS_FOR_DETECTION } from "../../src/core/language.ts";
import { trigramDetector } from "../../src/core/trigram-language.ts";

// trigramDetector must answer what franc answers: same script choice, same scores, same tie-breaks.
const OPTIONS = { minLength: MIN_LATIN_LETTERS_FOR_DETECTION, only: DETECTED_LANGUAGES };
const ours = trigramDetector(OPTIONS);
const oursAll = trigramDetector({ minLength: 10, only: [] });
const same = (text: string) => {
  expect(ours(text), text).toBe(franc(text, OPTIONS));
  expect(oursAll(text), text).toBe(franc(text, { minLength: 10 }));
};

const models = data as Record<string, Record<string, string>>;
/** Text made of a language's own trigrams (what franc tells apart most finely: close languages, near ties). */
const wordSalad = (script: string, language: string) =>
  fc.array(fc.nat(), { minLength: 1, maxLength: 60 }).map((picks) => {
    const trigrams = models[script]![language]!.split("|");
    // Run together or space-separated, by the first pick.
    return picks.map((p) => trigrams[p % trigrams.length]).join(picks[0]! % 3 === 0 ? "" : " ");
  });

describe("trigramDetector (franc-min's answer, faster)", () => {
  it("answers as franc on real posts and claims of the fixtures, whole and cut", () => {
    const texts: string[] = [];
    for (const file of ["test/fixtures/eval/dev.queries.tsv", "test/fixtures/eval/cross-language/es-2a-dev.queries.tsv"]) {
      for (const line of readFileSync(file, "utf8").split("\n")) if (line.includes("\t")) texts.push(line.split("\t")[1]!);
    }
    for (const line of readFileSync("test/fixtures/eval/vclaims.jsonl", "utf8").split("\n").slice(0, 300)) {
      if (line.trim()) texts.push(String((JSON.parse(line) as { claim: string }).claim));
    }
    expect(texts.length).toBeGreaterThan(400);
    for (const text of texts) {
      same(text);
      same(text.slice(0, 25));
      same(text.slice(0, 400));
    }
  });

  it("answers as franc on text made of each language's trigrams (every script with several languages)", () => {
    for (const script of Object.keys(models)) {
      for (const language of Object.keys(models[script]!)) {
        fc.assert(fc.property(wordSalad(script, language), (text) => same(text)), { numRuns: 15, seed: 42 });
      }
    }
  });

  it("answers as franc on mixed scripts, digits, punctuation, emoji, whitespace and short strings", () => {
    const piece = fc.constantFrom(
      "the ", "and ", "de ", "la ", "der ", "und ", "og ", "är ", "je ", "na ", "ya ", "в ", "и ", "не ", "في ", "من ",
      "है ", "और ", "ñ", "ç", "ß", "ø", "ł", "ő", "ă", "é", "İ", "ΣΑ", "שלום ", "한국 ", "日本", "中文",
      "123 ", "2020-01-01 ", "!!", "?", "'", "’", "-", "\n", "\t", "  ", "🙂", "#tag ", "@user ", "http://x.y/z ",
    );
    const text = fc.oneof(fc.array(piece, { maxLength: 40 }).map((p) => p.join("")), fc.string({ maxLength: 80 }), fc.string({ unit: "binary", maxLength: 60 }), fc.string({ unit: "grapheme", maxLength: 60 }));
    fc.assert(fc.property(text, (t) => same(t)), { numRuns: 3000, seed: 7 });
  });
});
