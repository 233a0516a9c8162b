import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { evalCommand } from "../../src/cli/commands/eval.ts";
import { checkthatSplitFiles, loadCollection, loadQrels, loadQueries } from "../../src/eval/checkthat.ts";
import { formatEvalMarkdown, formatEvalText, sweepSvg } from "../../src/eval/report.ts";
import { pickHoldout, runEval, SWEEP_THRESHOLDS } from "../../src/eval/run-eval.ts";

const DIR = new URL("../fixtures/eval/", import.meta.url).pathname;
const files = checkthatSplitFiles(DIR, "dev");
const tmp = mkdtempSync(join(tmpdir(), "claimbot-eval-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("CheckThat loaders", () => {
  it("reads quoted TSV queries, TREC qrels and vclaims", () => {
    const queries = loadQueries(files.queries);
    expect(queries.length).toBe(6);
    expect(queries[0]!.id).toBe("tweet-sno-999");
    expect(queries[0]!.text).toContain("birth certificate");
    const qrels = loadQrels(files.qrels);
    expect([...qrels.get("tweet-sno-1002")!]).toEqual(["vclaim-sno-alabama-food-stamps-car"]);
    const { records, skipped } = loadCollection(DIR);
    expect(records.length).toBe(320);
    expect(skipped).toBe(0);
  });
});

describe("runEval", () => {
  it("builds a fresh index, runs the pipeline and reports every figure", async () => {
    const report = await runEval({
      collection: loadCollection(DIR).records,
      queries: loadQueries(files.queries),
      qrels: loadQrels(files.qrels),
      mode: "group",
      holdout: 0,
      seed: 1,
    });
    expect(report.queries).toBe(6);
    expect(report.indexed).toBe(320);
    expect(report.map_at_5).toBeGreaterThan(0.6);
    expect(report.map_at_1).toBeLessThanOrEqual(report.map_at_5);
    expect(report.recall_at_20).toBeGreaterThanOrEqual(report.recall_at_5);
    expect(report.share_match + report.share_related + report.share_none + report.share_rejected).toBeCloseTo(1);
    expect(report.false_match_rate).toBeNull();
    // A group never says related; a dm's related answers are counted with how many show a relevant one first.
    expect(report.modes.group.related).toBe(0);
    expect(report.related_precision).toBeNull();
    const dm = report.modes.dm;
    expect(dm.related).toBe(Math.round(dm.share_related * report.queries));
    expect(dm.related_precision).toBe(dm.related > 0 ? dm.related_right / dm.related : null);
    expect(report.sweep.group.map((r) => r.threshold)).toEqual(SWEEP_THRESHOLDS);
    expect(formatEvalText(report)).toContain("MAP@1 / @3 / @5");
    expect(formatEvalMarkdown(report, "t")).toContain("| group |");
    expect(sweepSvg(report)).toMatch(/^<svg[\s\S]*<polyline[\s\S]*<\/svg>\n$/);
  });

  it("runs each mode's own lookups: the figures are the same whichever mode is on top", async () => {
    const input = { collection: loadCollection(DIR).records, queries: loadQueries(files.queries), qrels: loadQrels(files.qrels), holdout: 0, seed: 1 };
    const asGroup = await runEval({ ...input, mode: "group" });
    const asDm = await runEval({ ...input, mode: "dm" });
    // Ranking figures read the DM lookups (the ranked list a person sees); each mode's decisions its own lookups.
    expect(asGroup.map_at_5).toBe(asDm.map_at_5);
    expect(asGroup.rerank_recall_at_5).toBe(asDm.rerank_recall_at_5);
    expect(asGroup.modes).toEqual(asDm.modes);
    expect(asGroup.sweep).toEqual(asDm.sweep);
    expect(asGroup.share_match).toBe(asDm.modes.group.share_match);
    expect(asDm.share_match).toBe(asDm.modes.dm.share_match);
  });

  it("holds out the gold of a seeded half: those queries must be answered none", async () => {
    const qrels = loadQrels(files.qrels);
    const report = await runEval({
      collection: loadCollection(DIR).records,
      queries: loadQueries(files.queries),
      qrels,
      mode: "dm",
      holdout: 0.5,
      seed: 3,
    });
    expect(report.heldout_queries).toBe(3);
    expect(report.indexed).toBeLessThan(320);
    expect(report.false_match_rate).not.toBeNull();
    expect(report.modes.group.false_match_rate).not.toBeNull();
  });

  it("draws the same holdout for the same seed", () => {
    const ids = Array.from({ length: 50 }, (_, i) => `q${i}`);
    expect([...pickHoldout(ids, 0.5, 7)]).toEqual([...pickHoldout([...ids].reverse(), 0.5, 7)]);
    expect(pickHoldout(ids, 0.5, 7).size).toBe(25);
    expect([...pickHoldout(ids, 0.5, 7)]).not.toEqual([...pickHoldout(ids, 0.5, 8)]);
  });
});

describe("claimbot eval command", () => {
  it("prints JSON with the documented keys and writes the report and plot", async () => {
    let out = "";
    const report = join(tmp, "report.md");
    const code = await evalCommand(
      { collection: DIR, split: "dev", k: "5", mode: "group", holdout: "0.5", seed: "1", json: true, out: report },
      { stdout: { write: (c: string) => (out += c) }, stderr: { write: () => true } },
    );
    expect(code).toBe(0);
    const json = JSON.parse(out) as Record<string, unknown>;
    for (const key of ["map_at_1", "map_at_3", "map_at_5", "recall_at_1", "recall_at_5", "recall_at_20", "share_match", "share_related", "share_none", "match_precision", "false_match_rate", "match_recall", "related_precision", "modes", "sweep"]) {
      expect(json).toHaveProperty(key);
    }
    expect(readFileSync(report, "utf8")).toContain("## Match threshold sweep");
    expect(readFileSync(join(tmp, "report.svg"), "utf8")).toContain("<svg");
  });

  it("refuses a missing collection with a clear error", async () => {
    await expect(
      evalCommand({ collection: join(tmp, "nope"), split: "dev", k: "5", mode: "dm", holdout: "0", seed: "1" }, { stdout: { write: () => true }, stderr: { write: () => true } }),
    ).rejects.toThrow(/--collection/);
  });
});
