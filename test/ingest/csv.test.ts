import { describe, expect, it } from "vitest";
import { FactCheckSchema } from "../../src/core/factcheck.ts";
import { mapCsvHeader, parseCsv } from "../../src/ingest/csv.ts";
import { ctx, readFixture } from "./helpers.ts";

describe("CSV", () => {
  it("maps aliased headers, reads quoted fields and names the bad row's line and field", () => {
    const result = parseCsv(readFixture("factchecks-aliases.csv"), ctx("a.csv"));
    expect(result.records.map((r) => r.location)).toEqual(["a.csv:2", "a.csv:3", "a.csv:4"]);
    const first = FactCheckSchema.parse(result.records[0]!.record);
    expect(first).toMatchObject({
      rating: "Misleading",
      verdict: "misleading",
      publisher: { name: "AFP Fact Check", site: "factcheck.afp.com" },
      url: "https://factcheck.afp.com/doc.afp.com.32844FA",
      reviewDate: "2022-04-26",
      claimant: "Naver Blog",
      language: "en",
      appearances: ["https://blog.naver.com/example/1", "https://cafe.daum.net/example/2"],
    });
    const second = FactCheckSchema.parse(result.records[1]!.record);
    expect(second.claim).toBe('A "miracle" tea cures diabetes, says a viral video');
    expect(second.reviewDate).toBe("2021-03-03");
    const third = FactCheckSchema.safeParse(result.records[2]!.record);
    expect(third.success).toBe(false);
    expect(third.error?.issues[0]?.path).toEqual(["reviewDate"]);
  });

  it("sniffs tabs and keeps a given id", () => {
    const result = parseCsv(readFixture("factchecks.tsv"), ctx("t.tsv"));
    expect(FactCheckSchema.parse(result.records[0]!.record)).toMatchObject({ id: "my-1", verdict: "false", publisher: { name: "Snopes" } });
  });

  it("folds header spelling and warns when a needed column is missing", () => {
    const map = mapCsvHeader(["Review_URL", "textualRating", "CLAIM", "x"]);
    expect([...map.entries()]).toEqual([
      [2, "claim"],
      [1, "rating"],
      [0, "url"],
    ]);
    const result = parseCsv("claim,date\nsomething,2020-01-01\n", ctx("n.csv", { url: "https://example.org/x" }));
    expect(result.problems.map((p) => p.field)).toEqual(["rating"]);
  });

  it("reports broken quoting with a line number instead of failing the file", () => {
    const result = parseCsv(
      'claim,rating,url,date,publisher\n"ok",False,https://a.org/1,2020-01-01,A\n"bad,False,https://a.org/2\n',
      ctx("q.csv"),
    );
    expect(result.records.map((r) => r.location)).toEqual(["q.csv:2"]);
    expect(result.problems).toEqual([
      expect.objectContaining({ severity: "error", location: "q.csv:3", message: expect.stringContaining("Quote Not Closed") }),
    ]);
  });
});
