import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { FactCheck } from "../../src/core/factcheck.ts";
import type { ParseContext } from "../../src/ingest/types.ts";

/** Path of a fixture in test/fixtures/ingest/. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../fixtures/ingest/${name}`, import.meta.url));
}

export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), "utf8");
}

export function ctx(name: string, defaults: ParseContext["defaults"] = {}): ParseContext {
  return { name, defaults };
}

/** A writable that keeps what was written. */
export function sink(): { write(chunk: string): boolean; text(): string } {
  const chunks: string[] = [];
  return {
    write(chunk: string) {
      chunks.push(chunk);
      return true;
    },
    text: () => chunks.join(""),
  };
}

/** Fact-check number `i` of the generated imports; with `appearances`, every third has an appearance URL. */
export function numberedRecord(i: number, options: { appearances?: boolean } = {}): FactCheck {
  return {
    id: `rec-${i}`,
    claim: `Claim number ${i} about vaccines and ${i % 7} towers`,
    altClaims: [],
    rating: i % 10 === 0 ? "Kinda sorta" : "False",
    verdict: i % 10 === 0 ? "other" : "false",
    publisher: { name: i % 2 ? "Odd Checks" : "Even Checks", site: "example.org" },
    url: `https://example.org/fc/${i}`,
    reviewDate: "2024-01-02",
    language: "en",
    appearances: options.appearances && i % 3 === 0 ? [`https://social.example.com/p/${i}`] : [],
    source: "test",
    license: "CC0-1.0",
  };
}

/** The malformed lines of `writeThousandLines`: broken JSON, a bad date, a missing url. */
export const MALFORMED_LINES = [137, 500, 999];

/**
 * Writes 1,000 JSONL lines of `recordOf(line)`, three of them malformed (`MALFORMED_LINES`); `duplicateAt`: that line
 * repeats record 10.
 */
export function writeThousandLines(file: string, recordOf: (i: number) => FactCheck, duplicateAt?: number): void {
  const lines = Array.from({ length: 1000 }, (_, k) => {
    const line = k + 1;
    if (line === 137) return '{"id": "rec-137", "claim": ';
    if (line === 500) return JSON.stringify({ ...recordOf(line), reviewDate: "yesterday" });
    if (line === 999) return JSON.stringify({ ...recordOf(line), url: undefined });
    if (line === duplicateAt) return JSON.stringify(recordOf(10));
    return JSON.stringify(recordOf(line));
  });
  writeFileSync(file, lines.join("\n") + "\n");
}
