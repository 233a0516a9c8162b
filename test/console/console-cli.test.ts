import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED, SEED_TEXT } from "../runtime/helpers.ts";
import { prefilledDataDir, runClaimbot } from "../support/cli.ts";

let dir: string;

beforeAll(async () => {
  // A data dir whose index already holds the seed: the console skips the starter data and starts at once.
  dir = await prefilledDataDir("claimbot-console-", [SEED]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const runCli = (input: string) => runClaimbot(["console"], { dataDir: dir, input });

describe("claimbot console on piped stdin (real CLI, real lookup)", () => {
  it("answers, simulates a group and exits cleanly at EOF", async () => {
    const { code, stdout } = await runCli(
      [SEED_TEXT, "/about", "/group on", "Happy birthday! See you at dinner on Saturday", SEED_TEXT, ""].join("\n"),
    );
    expect(code).toBe(0);
    expect(stdout).toContain("claimbot console — 1 fact-checks (sqlite)");
    expect(stdout).toContain("── Misleading — AFP Fact Check ──");
    expect(stdout).toContain(SEED.url);
    expect(stdout).toContain("Fact-checks indexed: 1");
    expect(stdout).toContain("(silent: not-screenable)");
    expect(stdout).toContain("[bot replies in the group]");
  });
});
