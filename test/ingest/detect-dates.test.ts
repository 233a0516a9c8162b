import { describe, expect, it } from "vitest";
import { dateFromUrl, toIsoDate } from "../../src/ingest/dates.ts";
import { detectFormat, formatFromExtension } from "../../src/ingest/detect.ts";

describe("format detection", () => {
  it("trusts unambiguous extensions", () => {
    expect(formatFromExtension("a/b.JSONL")).toBe("jsonl");
    expect(formatFromExtension("x.tsv")).toBe("csv");
    expect(formatFromExtension("https://x.org/page.html?x=1")).toBe("claimreview");
    expect(formatFromExtension("x.json")).toBeUndefined();
  });

  it("sniffs content when the name says nothing", () => {
    expect(detectFormat("x.json", '{"claims": [], "nextPageToken": "a"}')).toBe("gfc");
    expect(detectFormat("x.json", '{"@type": "ClaimReview"}')).toBe("claimreview");
    expect(detectFormat("feed", '{"a": 1}\n{"a": 2}\n')).toBe("jsonl");
    expect(detectFormat("page", "<!doctype html><html></html>")).toBe("claimreview");
    expect(detectFormat("https://x.org/fc/1", "whatever", "text/html; charset=utf-8")).toBe("claimreview");
    expect(detectFormat("export", "claim,rating,url\na,b,c\n")).toBe("csv");
    expect(detectFormat("notes.txt", "A title\n\nSome article text.")).toBe("article");
    expect(detectFormat("notes.txt", '{"@type": "ClaimReview"}')).toBe("claimreview");
  });
});

describe("dates", () => {
  it("reads the ways sources write dates, without time-zone shifts", () => {
    expect(toIsoDate("2022-04-26T23:59:00-08:00")).toBe("2022-04-26");
    expect(toIsoDate("26 May 2015")).toBe("2015-05-26");
    expect(toIsoDate("26May 2015")).toBe("2015-05-26");
    expect(toIsoDate("stated on October 22, 2019 in a speech:")).toBe("2019-10-22");
    expect(toIsoDate("Sept. 3, 2020")).toBe("2020-09-03");
    expect(toIsoDate("2022년 4월 26일")).toBe("2022-04-26");
    expect(toIsoDate("2021/3/5")).toBe("2021-03-05");
    expect(toIsoDate(Date.UTC(2020, 0, 2))).toBe("2020-01-02");
  });

  it("rejects what is not a date", () => {
    expect(toIsoDate("yesterday")).toBeUndefined();
    expect(toIsoDate("2021-02-30")).toBeUndefined();
    // Month lengths and the Gregorian leap rule (1900 and 2100 are not leap years, 2000 is).
    expect(["2024-02-29", "2000-02-29", "1900-02-29", "2100-02-29", "2023-02-29"].map((d) => toIsoDate(d) ?? null)).toEqual([
      "2024-02-29", "2000-02-29", null, null, null,
    ]);
    expect(["2024-04-31", "2024-04-30", "2024-12-31", "2024-13-01", "2024-00-10", "2024-01-00"].map((d) => toIsoDate(d) ?? null)).toEqual([
      null, "2024-04-30", "2024-12-31", null, null, null,
    ]);
    expect(toIsoDate("1899-12-31")).toBeUndefined();
    expect(toIsoDate(undefined)).toBeUndefined();
    expect(toIsoDate("")).toBeUndefined();
  });

  it("finds review dates in fact-check URLs", () => {
    expect(dateFromUrl("https://www.politifact.com/factchecks/2019/oct/30/x/y/")).toBe("2019-10-30");
    expect(dateFromUrl("https://www.factcheck.org/2018/05/no-antifa/")).toBeUndefined();
    expect(dateFromUrl("https://x.org/2022/04/26/story")).toBe("2022-04-26");
  });
});

describe("terminal progress", () => {
  it("draws only on a TTY", async () => {
    const { terminalProgress } = await import("../../src/ingest/progress.ts");
    const notTty = { isTTY: false } as unknown as NodeJS.WriteStream;
    expect(await terminalProgress("ingest", notTty)).toBeUndefined();
    const written: string[] = [];
    const tty = Object.assign(Object.create(process.stderr) as NodeJS.WriteStream, {
      isTTY: true,
      columns: 100,
      write: (chunk: string) => written.push(String(chunk)) > 0,
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
    });
    const bar = await terminalProgress("ingest", tty);
    expect(bar).toBeDefined();
    bar!.setTotal(10);
    bar!.update(10);
    bar!.stop();
    expect(written.join("")).toMatch(/ingest \[.*\] 10\/10 records \| \d+\/s/);
  });
});
