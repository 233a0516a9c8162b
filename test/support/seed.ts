import { readFileSync } from "node:fs";
import { FactCheckSchema, type FactCheck } from "../../src/core/factcheck.ts";

/** The seed fact-check (AFP, North Korean troops), copied from data/starter/seed-afp.jsonl into the test fixtures. */
export function loadSeedFactCheck(): FactCheck {
  const line = readFileSync(new URL("../fixtures/discord/seed-afp.jsonl", import.meta.url), "utf8").split("\n")[0] ?? "";
  return FactCheckSchema.parse(JSON.parse(line));
}
