import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OTHER, SEED, SEED_TEXT } from "../runtime/helpers.ts";
import { prefilledDataDir, runClaimbot, type CliRun } from "../support/cli.ts";
import { HOSTILE_INPUTS } from "../support/hostile-inputs.ts";

/** Child processes at once: the CI box has few cores. */
const CONCURRENCY = 3;
const OUTCOMES = ["match", "related", "none", "rejected"];
let dir: string;

beforeAll(async () => {
  dir = await prefilledDataDir("claimbot-hostile-", [SEED, OTHER]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `claimbot check --json -` with `input` on stdin. */
const check = (input: string) => runClaimbot(["check", "--json", "-"], { dataDir: dir, input, logLevel: "warn" });

async function checkAll(inputs: readonly string[]): Promise<CliRun[]> {
  const results: CliRun[] = new Array(inputs.length);
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const i = next++;
      results[i] = await check(inputs[i]!);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return results;
}

describe("claimbot check --json on hostile input (real CLI, real index)", () => {
  it("prints one valid JSON object with an outcome for every input, never a crash", async () => {
    const inputs = [SEED_TEXT, ...HOSTILE_INPUTS.map((h) => h.text)];
    const runs = await checkAll(inputs);
    const [sane, ...hostile] = runs;
    expect(sane?.code).toBe(0);
    expect(JSON.parse(sane?.stdout ?? "")).toMatchObject({ outcome: "match", matches: [{ id: SEED.id }] });
    hostile.forEach((run, i) => {
      const name = HOSTILE_INPUTS[i]!.name;
      expect(run.code, `${name}: exit code; stderr ${run.stderr.slice(0, 300)}`).toBe(0);
      expect(run.stderr, name).not.toMatch(/\n\s+at |Error:/);
      const lines = run.stdout.trim().split("\n");
      expect(lines, name).toHaveLength(1);
      const body = JSON.parse(lines[0]!) as { outcome: string; matches: unknown[]; reason?: string };
      expect(OUTCOMES, name).toContain(body.outcome);
      expect(Array.isArray(body.matches), name).toBe(true);
      // The index is up: a rejection may only mean "nothing to check", never a search error in disguise.
      if (body.outcome === "rejected") expect(body.reason, name).toBe("empty");
    });
  }, 120_000);
});
