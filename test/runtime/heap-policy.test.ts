import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { applyServeHeapPolicy, applyServePretenuringPolicy } from "../../src/runtime/heap-policy.ts";
import { ConfigSchema } from "../../src/config.ts";

const POLICY = fileURLToPath(new URL("../../src/runtime/heap-policy.ts", import.meta.url));

/**
 * Runs the policy in a fresh node (V8 flags are per process), keeps ~25 MB alive, forces a full collection and
 * returns the growing factor V8 printed for its next old-generation limit (`--trace-gc-verbose`).
 */
function factorAfterGc(percent: number): number {
  const script = `
    const { applyServeHeapPolicy } = await import(${JSON.stringify(POLICY)});
    const policy = applyServeHeapPolicy(${percent}, { execArgv: [], nodeOptions: "" });
    const keep = [];
    for (let i = 0; i < 30; i++) keep.push(new Array(100_000).fill(i));
    globalThis.gc();
    console.log("policy", JSON.stringify(policy), keep.length);
  `;
  const run = spawnSync(process.execPath, ["--expose-gc", "--trace-gc-verbose", "--import", "tsx", "--input-type=module", "-e", script], {
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  expect(run.status, run.stderr).toBe(0);
  const limits = [...run.stdout.matchAll(/\[HeapController\] Limit: old size: \d+ KB, new limit: \d+ KB \(([\d.]+)\)/g)];
  expect(limits.length).toBeGreaterThan(0);
  return Number(limits.at(-1)![1]);
}

/**
 * Runs a fresh node that keeps 2M objects from one allocation site alive, with or without the pretenuring policy, and
 * returns how many allocation-site decisions V8 traced (`--trace-pretenuring-statistics`).
 */
function pretenuringDecisions(policy: boolean): number {
  const script = `
    const { applyServePretenuringPolicy } = await import(${JSON.stringify(POLICY)});
    if (${policy}) console.log("policy", JSON.stringify(applyServePretenuringPolicy({ execArgv: [], nodeOptions: "" })));
    const keep = [];
    function make(i) { return { id: i, parts: [i, i + 1, i + 2] }; }
    for (let i = 0; i < 2_000_000; i++) keep.push(make(i));
    console.log("kept", keep.length);
  `;
  const run = spawnSync(process.execPath, ["--trace-pretenuring-statistics", "--import", "tsx", "--input-type=module", "-e", script], {
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toContain("kept 2000000");
  if (policy) expect(run.stdout).toContain('policy {"applied":true}');
  return [...run.stdout.matchAll(/pretenuring: AllocationSite/g)].length;
}

describe("serve's heap policy", () => {
  it("sets V8's growing factor from inside the process (read at every limit computation)", () => {
    // V8's own factor on a machine with 16 GB or more is 4.0; the policy fixes it.
    expect(factorAfterGc(35)).toBe(1.4); // printed with one decimal: 1.35
    expect(factorAfterGc(100)).toBe(2);
  }, 30_000);

  it("leaves V8 alone when turned off or when the operator set the flag", () => {
    const calls: string[] = [];
    const record = (flags: string) => void calls.push(flags);
    expect(applyServeHeapPolicy(0, { execArgv: [], nodeOptions: undefined }, record)).toEqual({ applied: false, reason: "off" });
    expect(applyServeHeapPolicy(35, { execArgv: ["--heap-growing-percent=50"], nodeOptions: undefined }, record)).toEqual({ applied: false, reason: "set-by-operator" });
    expect(applyServeHeapPolicy(35, { execArgv: [], nodeOptions: "--max-old-space-size=512 --heap_growing_percent=20" }, record)).toEqual({ applied: false, reason: "set-by-operator" });
    expect(calls).toEqual([]);
    expect(applyServeHeapPolicy(35, { execArgv: ["--max-old-space-size=512"], nodeOptions: "" }, record)).toEqual({ applied: true, growingPercent: 35 });
    expect(calls).toEqual(["--heap-growing-percent=35"]);
  });

  it("turns V8's allocation-site pretenuring off from inside the process", () => {
    expect(pretenuringDecisions(false)).toBeGreaterThan(0);
    expect(pretenuringDecisions(true)).toBe(0);
  }, 30_000);

  it("leaves pretenuring alone when the operator set either form of the flag", () => {
    const calls: string[] = [];
    const record = (flags: string) => void calls.push(flags);
    expect(applyServePretenuringPolicy({ execArgv: ["--allocation-site-pretenuring"], nodeOptions: undefined }, record)).toEqual({ applied: false, reason: "set-by-operator" });
    expect(applyServePretenuringPolicy({ execArgv: [], nodeOptions: "--no_allocation_site_pretenuring" }, record)).toEqual({ applied: false, reason: "set-by-operator" });
    expect(calls).toEqual([]);
    expect(applyServePretenuringPolicy({ execArgv: ["--heap-growing-percent=50"], nodeOptions: "" }, record)).toEqual({ applied: true });
    expect(calls).toEqual(["--no-allocation-site-pretenuring"]);
  });

  it("is on by default (CLAIMBOT_HEAP_GROWING_PERCENT=35), 0 turns it off, over 300 is refused", () => {
    expect(ConfigSchema.parse({}).CLAIMBOT_HEAP_GROWING_PERCENT).toBe(35);
    expect(ConfigSchema.parse({ CLAIMBOT_HEAP_GROWING_PERCENT: "0" }).CLAIMBOT_HEAP_GROWING_PERCENT).toBe(0);
    expect(ConfigSchema.safeParse({ CLAIMBOT_HEAP_GROWING_PERCENT: "301" }).success).toBe(false);
  });
});
