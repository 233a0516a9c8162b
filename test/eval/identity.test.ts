import { describe, expect, it } from "vitest";
import { evalCommand } from "../../src/cli/commands/eval.ts";
import { buildIdentityReport, type RunFacts } from "../../src/eval/identity-figures.ts";
import { formatIdentityText } from "../../src/eval/identity-report.ts";
import { loadIdentityCollection, loadIdentityLines, type IdentityLine } from "../../src/eval/identity-sets.ts";
import { runIdentityEval, type ModeAnswer, type PostResult } from "../../src/eval/identity.ts";

const MINI = new URL("../fixtures/eval/identity-mini/", import.meta.url).pathname;
const SETS = `${MINI}sets`;
const COLLECTION = `${MINI}collection`;
const EXCLUDED = "snopes-com-8c1b6022b3bf14e2";
const FACTS: RunFacts = { collection: 0, indexed: 0, excluded: 0, failures: true, latency_ms: { p50: 0, p95: 0, mean: 0 }, index_build_ms: 0, total_ms: 0 };

function line(set: IdentityLine["set"], id: string, over: Partial<IdentityLine> = {}): IdentityLine {
  return { id, text: `post ${id}`, set, kind: "k", relevant: [], mustNotMatch: [], exclude: [], ...over };
}
function answer(outcome: ModeAnswer["outcome"], shown: string[] = []): ModeAnswer {
  return { outcome, shown, topClaim: shown[0] ? `claim ${shown[0]}` : "", topId: shown[0] ?? null };
}
function post(l: IdentityLine, dm: ModeAnswer, group: ModeAnswer, topK: string[] = []): PostResult {
  return { line: l, dm, group, topK };
}

describe("identity figures (definitions)", () => {
  it("counts any near-miss match as false, a match on the template as a template match, per mode", () => {
    const a = line("near-miss", "a", { mustNotMatch: ["T"] });
    const b = line("near-miss", "b", { mustNotMatch: ["T"] });
    const c = line("near-miss", "c", { mustNotMatch: ["T"], kind: "city" });
    const r = buildIdentityReport(
      [
        post(a, answer("match", ["T"]), answer("match", ["T"])),
        post(b, answer("match", ["X"]), answer("none")),
        post(c, answer("related", ["T"]), answer("none")),
      ],
      FACTS,
    );
    expect(r.near_miss.posts).toBe(3);
    expect(r.near_miss.false_match_rate).toEqual({ dm: 2 / 3, group: 1 / 3 });
    expect(r.near_miss.template_match_rate).toEqual({ dm: 1 / 3, group: 1 / 3 });
    expect(r.near_miss.related_rate.dm).toBeCloseTo(1 / 3);
    expect(r.near_miss.by_kind.city!.false_match_rate).toEqual({ dm: 0, group: 0 });
    expect(r.failures!.map((f) => [f.id, f.reason])).toEqual([["a", "false-match"], ["b", "false-match"]]);
  });

  it("paraphrase: related showing a relevant id counts in dm, not in group; group needs a match with it first", () => {
    const p1 = line("paraphrase", "p1", { relevant: ["R"] });
    const p2 = line("paraphrase", "p2", { relevant: ["R"] });
    const p3 = line("paraphrase", "p3", { relevant: ["R"], kind: "title" });
    const r = buildIdentityReport(
      [
        post(p1, answer("related", ["X", "R"]), answer("none"), ["X", "R"]),
        post(p2, answer("match", ["X", "R"]), answer("match", ["X", "R"]), ["X", "R"]),
        post(p3, answer("related", ["X"]), answer("none"), ["X", "Y", "Z", "W", "V", "R"]),
      ],
      FACTS,
    );
    expect(r.paraphrase.recall.dm).toBeCloseTo(2 / 3);
    expect(r.paraphrase.recall.group).toBe(0);
    expect(r.paraphrase.wrong_match).toEqual({ dm: 1 / 3, group: 1 / 3 });
    expect(r.paraphrase.retrieval_recall_at_5).toBeCloseTo(2 / 3);
    expect(r.paraphrase.by_kind.title!.answered.dm).toBe(0);
    expect(r.failures!.map((f) => [f.id, f.reason])).toEqual([["p2", "wrong-match"], ["p3", "unanswered"]]);
  });

  it("noisy: clean copies apart, every noise kind of a post counted, null over no posts", () => {
    const clean = line("noisy", "c", { kind: "clean", relevant: ["R"], noise: [] });
    const noisy = line("noisy", "n", { kind: "ocr", relevant: ["R"], noise: ["ocr", "korean"] });
    const r = buildIdentityReport([post(clean, answer("match", ["R"]), answer("match", ["R"])), post(noisy, answer("none"), answer("none"), ["R"])], FACTS);
    expect(r.noisy.clean.answered).toEqual({ dm: 1, group: 1 });
    expect(r.noisy.answered).toEqual({ dm: 0, group: 0 });
    expect(Object.keys(r.noisy.by_kind)).toEqual(["korean", "ocr"]);
    expect(r.noisy.by_kind.korean!.retrieval_recall_at_5).toBe(1);
    expect(r.near_miss.false_match_rate).toEqual({ dm: null, group: null });
    expect(r.paraphrase.recall.dm).toBeNull();
  });

  it("a post with two claims counts as all shown only when a fact-check of each is shown", () => {
    const two = line("noisy", "t", { kind: "two-claims", relevant: ["A", "B"], claims: [["A"], ["B"]], noise: ["two-claims"] });
    const r1 = buildIdentityReport([post(two, answer("related", ["A", "X"]), answer("match", ["A", "B"]))], FACTS);
    expect(r1.noisy.several_claims.posts).toBe(1);
    expect(r1.noisy.several_claims.all_shown).toEqual({ dm: 0, group: 1 });
    expect(r1.noisy.answered).toEqual({ dm: 1, group: 1 });
  });
});

describe("runIdentityEval on the mini fixture", () => {
  const lines = loadIdentityLines(SETS);

  it("removes the excluded ids from the index, runs both modes and scores what the pipeline said", async () => {
    const { records } = await loadIdentityCollection(COLLECTION);
    expect(records.some((r) => r.id === EXCLUDED)).toBe(true);
    const seen: PostResult[] = [];
    const report = await runIdentityEval({ collection: records, lines, failures: true, onPost: (p) => seen.push(p) });
    expect(report.collection).toBe(60);
    expect(report.excluded).toBe(1);
    expect(report.indexed).toBe(59);
    expect(seen).toHaveLength(lines.length);
    for (const p of seen) expect([...p.dm.shown, ...p.group.shown, ...p.topK]).not.toContain(EXCLUDED);
    // An exact copy of a checked claim posing as a near-miss is matched: it must count as false and as a template match.
    const copy = seen.find((p) => p.line.id === "nm-copy")!;
    expect(copy.group.outcome).toBe("match");
    expect(copy.group.shown[0]).toBe("snopes-com-89c6c81e529e18bc");
    const nm = seen.filter((p) => p.line.set === "near-miss");
    expect(report.near_miss.false_match_rate.group).toBeCloseTo(nm.filter((p) => p.group.outcome === "match").length / nm.length);
    expect(report.near_miss.template_match_rate.group).toBeGreaterThanOrEqual(1 / 3);
    expect(report.failures!.some((f) => f.id === "nm-copy" && f.reason === "false-match")).toBe(true);
    expect(report.paraphrase.by_kind["rule-copy"]!.answered).toEqual({ dm: 1, group: 1 });
    expect(formatIdentityText(report)).toMatch(/near-miss kind[\s\S]*paraphrase kind[\s\S]*noise kind[\s\S]*failures \(\d+\)/);
  });

  it("without the exclusion the same post finds its own record (so the exclusion is what hides it)", async () => {
    const { records } = await loadIdentityCollection(COLLECTION);
    const seen: PostResult[] = [];
    const only = lines.filter((l) => l.id === "nm-excluded").map((l) => ({ ...l, exclude: [] }));
    await runIdentityEval({ collection: records, lines: only, onPost: (p) => seen.push(p) });
    expect(seen[0]!.topK).toContain(EXCLUDED);
  });
});

describe("claimbot eval --identity", () => {
  it("prints the documented JSON keys", async () => {
    let out = "";
    const code = await evalCommand(
      { identity: SETS, collection: COLLECTION, split: "dev", k: "5", mode: "group", holdout: "0", seed: "1", json: true },
      { stdout: { write: (c: string) => (out += c) }, stderr: { write: () => true } },
    );
    expect(code).toBe(0);
    const json = JSON.parse(out) as Record<string, Record<string, unknown>>;
    expect(json.near_miss).toHaveProperty("false_match_rate.dm");
    expect(json.near_miss).toHaveProperty("false_match_rate.group");
    expect(json.near_miss).toHaveProperty("template_match_rate.group");
    expect(json.near_miss).toHaveProperty("related_rate.dm");
    expect(json.paraphrase).toHaveProperty("recall.dm");
    expect(json.paraphrase).toHaveProperty("recall.group");
    expect(json.paraphrase).toHaveProperty("retrieval_recall_at_5");
    expect(json.noisy).toHaveProperty("answered.dm");
    expect(json.noisy).toHaveProperty("wrong_match.group");
    expect(json.noisy).toHaveProperty("clean.answered.dm");
    expect(json).not.toHaveProperty("failures");
  });

  it("refuses a missing identity folder and a collection-less plain eval", async () => {
    const io = { stdout: { write: () => true }, stderr: { write: () => true } };
    await expect(evalCommand({ identity: `${MINI}nope`, split: "dev", k: "5", mode: "dm", holdout: "0", seed: "1" }, io)).rejects.toThrow(/--identity/);
    await expect(evalCommand({ split: "dev", k: "5", mode: "dm", holdout: "0", seed: "1" }, io)).rejects.toThrow(/--collection/);
  });
});
