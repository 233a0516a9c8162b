import { describe, expect, it } from "vitest";
import { EN_STOPWORDS, indexForm } from "../../src/core/text.ts";
import { buildFtsMatch, ftsForm, ftsPhrases, quoteFts } from "../../src/search/fts-query.ts";
import { HOSTILE_TERMS } from "./fixtures.ts";

const withoutStopwords = (text: string) =>
  indexForm(text)
    .split(" ")
    .filter((t) => t && !EN_STOPWORDS.has(t))
    .join(" ");

describe("ftsForm", () => {
  it("matches indexForm minus stop-words on ASCII and non-ASCII text", () => {
    for (const text of [
      "The CEO of Wonder Bread didn't cut ties, it's a HOAX in 2019!",
      "Le café de Zürich — ferme à 20h",
      "북한이 러시아에 군대를 파견했다 and the troops",
      "喝熱水可以預防新冠肺炎 of course",
      "tab\tnew\nline\u0007 zero\u200bwidth",
    ]) {
      expect(ftsForm(text)).toBe(withoutStopwords(text));
    }
  });
});

describe("FTS5 query building", () => {
  it("quotes every phrase and doubles inner quotes", () => {
    expect(quoteFts('say "hi"')).toBe('"say ""hi"""');
    expect(buildFtsMatch(["Moon", "NEAR(", "landing*", "moon"])?.match).toBe('"moon" OR "near" OR "landing"');
  });

  it("turns a CJK word into one phrase of its bigrams", () => {
    expect(ftsPhrases(["러시아에"])).toEqual(["러시 시아 아에"]);
  });

  it("leaves no unquoted FTS5 syntax in any hostile input", () => {
    for (const terms of HOSTILE_TERMS) {
      const built = buildFtsMatch(terms);
      if (!built) continue;
      // Outside the quoted strings only the OR operator and spaces may remain.
      const outside = built.match.replace(/"(?:[^"]|"")*"/g, "");
      expect(outside.replace(/ OR /g, "").trim()).toBe("");
      expect(built.phrases.length).toBeLessThanOrEqual(10);
    }
  });

  it("returns null when nothing searchable is left", () => {
    expect(buildFtsMatch(["", "🙂", "the", "!!!"])).toBeNull();
  });
});
