import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkCommand, plainSummary } from "../../src/cli/commands/check.ts";
import { searchCommand } from "../../src/cli/commands/search.ts";
import { statsCommand } from "../../src/cli/commands/stats.ts";
import { FactCheckSchema } from "../../src/core/factcheck.ts";
import { createLookup } from "../../src/core/lookup.ts";
import { MemorySearchIndex } from "../../src/search/memory.ts";

const seed = FactCheckSchema.parse(JSON.parse(readFileSync(new URL("../fixtures/lookup/seed-afp.jsonl", import.meta.url), "utf8").trim()));
const POST = "[Breaking] Russian state media reported that North Korea has decided to send troops to Ukraine to support Russia in the Russia-Ukraine war";

function sink() {
  const s = { text: "", write: (c: string) => ((s.text += c), true) };
  return s;
}

describe("check / search / stats commands", () => {
  it("check --json prints one object with the stable keys", async () => {
    const out = sink();
    const code = await checkCommand(POST, { json: true, mode: "group" }, { lookup: createLookup({ index: new MemorySearchIndex([seed]) }), stdout: out });
    expect(code).toBe(0);
    const json = JSON.parse(out.text) as { outcome: string; matches: Array<Record<string, unknown>> };
    expect(json.outcome).toBe("match");
    expect(Object.keys(json.matches[0]!).sort()).toEqual(["claim", "date", "id", "language", "publisher", "rating", "score", "url", "verdict"]);
  });

  it("check prints a human reply", async () => {
    const out = sink();
    await checkCommand(POST, { mode: "dm" }, { lookup: createLookup({ index: new MemorySearchIndex([seed]) }), stdout: out });
    expect(out.text).toContain("Misleading");
    expect(out.text).toContain("AFP Fact Check");
  });

  it("the plain summary names outcome and reason", async () => {
    const lookup = await createLookup({ index: new MemorySearchIndex([seed]) })({ text: "😀" }, "dm");
    expect(plainSummary(lookup)).toBe("outcome: rejected (empty)");
  });

  it("search shows the raw candidates and the terms sent", async () => {
    const out = sink();
    await searchCommand("North Korea troops Ukraine", { json: true }, { index: new MemorySearchIndex([seed]), stdout: out });
    const json = JSON.parse(out.text) as { terms: string[]; hits: Array<{ id: string }> };
    expect(json.terms).toEqual(expect.arrayContaining(["korea", "troops"]));
    expect(json.hits[0]!.id).toBe(seed.id);
  });

  it("stats counts by publisher, language and verdict", async () => {
    const out = sink();
    await statsCommand({}, { index: new MemorySearchIndex([seed]), stdout: out });
    expect(out.text).toContain("fact-checks: 1");
    expect(out.text).toMatch(/AFP Fact Check\s+1/);
    expect(out.text).toMatch(/misleading\s+1/);
  });
});
