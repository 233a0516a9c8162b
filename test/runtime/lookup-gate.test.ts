import { describe, expect, it } from "vitest";
import type { Lookup, Mode, Post } from "../../src/core/lookup-types.ts";
import { gateLookup, LookupBusyError } from "../../src/runtime/lookup-gate.ts";

function lookupOf(post: Post, mode: Mode): Lookup {
  return { outcome: "none", mode, matches: [], candidates: [], query: { language: "en", cleanedLength: post.text.length, queries: [], urls: [] }, tookMs: 0 };
}

describe("gated lookups (the HTTP API's share of the event loop)", () => {
  it("runs one lookup per event-loop turn, so other work is served between two of them", async () => {
    const events: string[] = [];
    // Synchronous lookups, as the SQLite path mostly is: without the gate all ten run back to back in one turn.
    const gate = gateLookup(async (post, mode) => {
      events.push("lookup");
      return lookupOf(post, mode);
    }, { concurrency: 1 });
    let ticking = true;
    const tick = () => {
      events.push("turn");
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    await Promise.all(Array.from({ length: 10 }, (_, i) => gate.lookup({ text: `post ${i}` }, "dm")));
    ticking = false;
    expect(events.filter((e) => e === "lookup")).toHaveLength(10);
    const firstLookup = events.indexOf("lookup");
    const between = events.slice(firstLookup, events.lastIndexOf("lookup") + 1);
    for (let i = 1; i < between.length; i++) expect(`${between[i - 1]} ${between[i]}`).not.toBe("lookup lookup");
  });

  it("keeps at most `concurrency` running, passes results and errors through, and frees the slot on error", async () => {
    let running = 0;
    let most = 0;
    const gate = gateLookup(async (post, mode) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      if (post.text === "boom") throw new Error("boom");
      return lookupOf(post, mode);
    }, { concurrency: 2 });
    const results = await Promise.allSettled(Array.from({ length: 9 }, (_, i) => gate.lookup({ text: i % 3 === 0 ? "boom" : `p${i}` }, "group")));
    expect(most).toBe(2);
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(3);
    const ok = results.filter((r): r is PromiseFulfilledResult<Lookup> => r.status === "fulfilled");
    expect(ok.map((r) => r.value.mode)).toEqual(Array(6).fill("group"));
    expect(gate.running).toBe(0);
    expect(gate.waiting).toBe(0);
  });

  it("refuses beyond maxWaiting instead of queueing without bound", async () => {
    let release: () => void = () => {};
    const blocked = new Promise<void>((r) => (release = r));
    const gate = gateLookup(async (post, mode) => {
      await blocked;
      return lookupOf(post, mode);
    }, { concurrency: 1, maxWaiting: 3 });
    // One running, three waiting: the fifth is refused at once.
    const accepted = Array.from({ length: 4 }, (_, i) => gate.lookup({ text: `p${i}` }, "dm"));
    expect(gate.waiting).toBe(3);
    await expect(gate.lookup({ text: "one too many" }, "dm")).rejects.toBeInstanceOf(LookupBusyError);
    release();
    expect(await Promise.all(accepted)).toHaveLength(4);
  });

  it("while a chat adapter is behind, runs one lookup at a time with a pause before each", async () => {
    let running = 0;
    let most = 0;
    const starts: number[] = [];
    let behind = true;
    const gate = gateLookup(async (post, mode) => {
      starts.push(performance.now());
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 2));
      running--;
      return lookupOf(post, mode);
    }, { concurrency: 4, behind: () => behind, backlogPauseMs: 30 });
    await Promise.all(Array.from({ length: 4 }, (_, i) => gate.lookup({ text: `p${i}` }, "dm")));
    expect(most).toBe(1);
    // Timers never fire early by more than a rounding millisecond, so this holds on a loaded machine too.
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(29);
    behind = false;
    most = 0;
    await Promise.all(Array.from({ length: 8 }, (_, i) => gate.lookup({ text: `q${i}` }, "dm")));
    expect(most).toBe(4);
  });
});
