import { describe, expect, it } from "vitest";
import { text } from "../../src/ingest/util.ts";

/** What `text` did before its fast path: every whitespace run as one space, then trimmed. */
function slowText(value: string): string | undefined {
  const trimmed = value.replace(/\s+/g, " ").trim();
  return trimmed ? trimmed : undefined;
}

describe("text", () => {
  it("gives what collapsing and trimming gives, for clean and untidy strings alike", () => {
    const samples = [
      "",
      " ",
      "a",
      "plain words here",
      " leading",
      "trailing ",
      "two  spaces",
      "tab\there",
      "line\nbreak",
      "nbsp\u00a0inside",
      "\ufeffbom first",
      "ideographic\u3000space",
      "喝冰水會致癌",
      "end\u2029",
      "\t",
      "a b c d e f",
    ];
    for (const sample of samples) expect(text(sample), JSON.stringify(sample)).toBe(slowText(sample));
    // A random mix of letters and every kind of whitespace.
    const pieces = ["a", "b", " ", "  ", "\t", "\n", "\u00a0", "\u2003", "\ufeff", "é", "字"];
    let seed = 7;
    for (let i = 0; i < 2000; i++) {
      let s = "";
      for (let k = 0; k < 8; k++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        s += pieces[seed % pieces.length];
      }
      expect(text(s), JSON.stringify(s)).toBe(slowText(s));
    }
    expect(text(12.5)).toBe("12.5");
    expect(text(null)).toBeUndefined();
  });
});
