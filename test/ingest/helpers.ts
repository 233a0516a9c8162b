import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
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
