import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { DECISION_THRESHOLDS } from "../../src/core/decide.ts";
import { createLookup } from "../../src/core/lookup.ts";
import type { LookupFn } from "../../src/core/lookup-types.ts";
import { useStarterIndex } from "./starter-index.ts";

/**
 * A long, noisy post whose fact-check the ranker puts far ahead of every other candidate, but with a low score (its
 * words are mostly other text), is answered in a DM as a similar claim instead of "nothing found"; a group stays
 * silent, and chit-chat never stands out. On the bundled starter index and the noisy posts of the identity sets.
 */
interface Line {
  id: string;
  text: string;
  relevant: string[];
}
const noisy = readFileSync("test/fixtures/eval/identity/noisy.jsonl", "utf8")
  .split("\n")
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as Line)
  // Posts with a link take another path (a URL hit); the test is about the text.
  .filter((line) => !/https?:\/\//.test(line.text));

const CHITCHAT = [
  "congrats Tom!!! 🎉 https://example.com/party",
  "Happy birthday Ji-woo! 🎂",
  "nice one",
  "Has anyone seen my keys? I think I left them in Anna's car",
  "Running 12 minutes late, sorry",
  "Please don't forget to bring your ID",
  "Can someone send me the photos from yesterday?",
];

describe("a first candidate that stands out", () => {
  const starter = useStarterIndex();
  let lookup: LookupFn;
  beforeAll(() => {
    lookup = createLookup({ index: starter.index });
  });

  it("answers a DM with its fact-check as a similar claim, alone, below the related score; a group stays silent", async () => {
    let standouts = 0;
    let right = 0;
    for (const line of noisy) {
      const dm = await lookup({ text: line.text }, "dm");
      const first = dm.matches[0];
      if (dm.outcome !== "related" || !first || first.score >= DECISION_THRESHOLDS.dm.related) continue;
      standouts++;
      expect(first.standsOut).toBe(true);
      expect(dm.matches).toHaveLength(1);
      if (line.relevant.includes(first.factCheck.id)) right++;
      const group = await lookup({ text: line.text }, "group");
      expect(group.outcome).toBe("none");
    }
    expect(standouts).toBeGreaterThanOrEqual(10);
    expect(right / standouts).toBeGreaterThanOrEqual(0.9);
  });

  it("never for chit-chat", async () => {
    for (const text of CHITCHAT) {
      const dm = await lookup({ text }, "dm");
      expect(dm.candidates[0]?.standsOut, text).toBeUndefined();
      expect(dm.matches.some((m) => m.standsOut), text).toBe(false);
    }
  });
});
