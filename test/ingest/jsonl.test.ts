import { describe, expect, it } from "vitest";
import { FactCheckSchema, type FactCheck } from "../../src/core/factcheck.ts";
import { mapCheckthatVclaim, UNRATED } from "../../src/ingest/checkthat-vclaims.ts";
import { jsonlRowKind, parseJsonl } from "../../src/ingest/jsonl.ts";
import { fixturePath, readFixture } from "./helpers.ts";

const OWN: FactCheck = FactCheckSchema.parse({
  id: "own-1",
  claim: "A claim in our own format",
  rating: "False",
  verdict: "false",
  publisher: { name: "Example", site: "example.org" },
  url: "https://example.org/fc/1",
  reviewDate: "2024-01-02",
  language: "en",
  source: "test",
  license: "CC0-1.0",
});

describe("JSONL", () => {
  it("takes our own records as they are", () => {
    const result = parseJsonl(`${JSON.stringify(OWN)}\n`, { name: "own.jsonl", defaults: {} });
    expect(result.records).toEqual([{ record: OWN, location: "own.jsonl:1" }]);
  });

  it("reads a file's bytes line by line as it reads its text (BOM, CRLF, blank lines, CJK, broken UTF-8, bad lines)", () => {
    const rows = [
      `\uFEFF${JSON.stringify(OWN)}\r`,
      "",
      JSON.stringify({ ...OWN, id: "own-2", claim: "북한군 우크라이나 파병 — “quoted”" }),
      "{not json",
      JSON.stringify({ ...OWN, id: "own-3", claim: "Ünïcödé claim" }),
    ];
    const text = rows.join("\n");
    const broken = Buffer.concat([Buffer.from(text), Buffer.from([0x0a, 0xe2, 0x82, 0x0a]), Buffer.from(JSON.stringify({ ...OWN, id: "own-4" }))]);
    const ctx = { name: "own.jsonl", defaults: {} };
    expect(parseJsonl(Buffer.from(text), ctx, 3)).toEqual(parseJsonl(text, ctx, 3));
    expect(parseJsonl(broken, ctx)).toEqual(parseJsonl(broken.toString("utf8"), ctx));
    const result = parseJsonl(broken, ctx);
    expect(result.records.map((r) => [r.location, (r.record as FactCheck).id])).toEqual([
      ["own.jsonl:1", "own-1"], ["own.jsonl:3", "own-2"], ["own.jsonl:5", "own-3"], ["own.jsonl:7", "own-4"],
    ]);
    expect(result.problems.map((p) => p.location)).toEqual(["own.jsonl:4", "own.jsonl:6"]);
  });

  it("maps the shared collections' rows through mapSharedFactcheck", () => {
    const result = parseJsonl(readFixture("shared-sample.jsonl"), { name: "shared.jsonl", defaults: {} });
    expect(result.problems).toEqual([]);
    expect(result.records).toHaveLength(7);
    const records = result.records.map((r) => FactCheckSchema.parse(r.record));
    expect(new Set(records.map((r) => r.publisher.name))).toEqual(new Set(["Snopes", "Cofacts 真的假的", "PolitiFact"]));
    expect(records.every((r) => r.verdict !== "other")).toBe(true);
  });

  it("names the CheckThat collection after its folder", () => {
    const path = fixturePath("checkthat/2022-2b-en/vclaims.jsonl");
    const result = parseJsonl(readFixture("checkthat/2022-2b-en/vclaims.jsonl"), { name: "v.jsonl", path, defaults: {} });
    expect(result.records).toHaveLength(3);
    const first = FactCheckSchema.parse(result.records[0]!.record);
    expect(first).toMatchObject({ id: "vclaim-pol-00000", source: "checkthat-2022-2b-en", publisher: { name: "PolitiFact" } });
  });

  it("reports a line that is not JSON or fits no shape, by line number", () => {
    const text = [JSON.stringify(OWN), "{broken", "", JSON.stringify({ hello: "world" })].join("\n");
    const result = parseJsonl(text, { name: "m.jsonl", defaults: {} });
    expect(result.records).toHaveLength(1);
    expect(result.problems.map((p) => p.location)).toEqual(["m.jsonl:2", "m.jsonl:4"]);
    expect(jsonlRowKind([1, 2])).toBeUndefined();
  });
});

describe("mapCheckthatVclaim", () => {
  it("keeps the vclaim id and maps a 2022-2a Snopes row with its rating and review date", () => {
    const row = JSON.parse(readFixture("checkthat/2022-2a-en/vclaims.jsonl").split("\n")[0]!) as Record<string, unknown>;
    const mapped = mapCheckthatVclaim(row, { source: "checkthat-2022-2a-en" });
    const record = FactCheckSchema.parse(mapped);
    expect(record.id).toBe(row.id);
    expect(record).toMatchObject({ rating: "False", verdict: "false", publisher: { name: "Snopes", site: "snopes.com" } });
    expect(record.reviewDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(record.reviewDate).not.toBe("1970-01-01");
  });

  it("rates an unrated row `unrated` → other, and builds a search link when there is no url", () => {
    const record = FactCheckSchema.parse(mapCheckthatVclaim({ id: "7", claim: "Some claim text here", title: "Some title", publisher: "Snopes", language: "en" }));
    expect(record).toMatchObject({ id: "7", rating: UNRATED, verdict: "other", url: "https://www.snopes.com/search/?q=Some%20title" });
  });

  it("reads PolitiFact's 'stated on' date as the claim date and the review date from the URL", () => {
    const record = FactCheckSchema.parse(
      mapCheckthatVclaim({
        id: "vclaim-pol-1",
        claim: "x claim",
        claimant: "Someone",
        date: "stated on October 22, 2019 in a campaign mailer.:",
        rating: "pants-fire",
        url: "https://www.politifact.com/factchecks/2019/oct/30/someone/slug/",
        publisher: "PolitiFact",
        language: "en",
      }),
    );
    expect(record).toMatchObject({ claimDate: "2019-10-22", reviewDate: "2019-10-30", claimant: "Someone", verdict: "false" });
  });

  it("returns an error value for rows it cannot map", () => {
    expect(mapCheckthatVclaim(null)).toEqual({ error: "row is not an object" });
    expect(mapCheckthatVclaim({ claim: "x" })).toEqual({ error: "id: missing" });
    expect(mapCheckthatVclaim({ id: "1" })).toEqual({ error: "claim: missing" });
  });
});
