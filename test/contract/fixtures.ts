import type { FactCheck } from "../../src/core/factcheck.ts";

/** A valid FactCheck with sensible defaults; `overrides` replace fields. */
export function factCheck(overrides: Partial<FactCheck> & { id: string; claim: string }): FactCheck {
  return {
    altClaims: [],
    rating: "False",
    verdict: "false",
    publisher: { name: "Example Checks", site: "checks.example.org" },
    url: `https://checks.example.org/fact-check/${overrides.id}`,
    reviewDate: "2023-01-15",
    language: "en",
    appearances: [],
    source: "test",
    license: "CC0-1.0",
    ...overrides,
  };
}

/** A small mixed-language collection the contract suite uses. Each record holds one unique marker word. */
export function sampleRecords(): FactCheck[] {
  return [
    factCheck({
      id: "en-vaccine",
      claim: "The zorblax vaccine contains microchips that track people",
      title: "No, vaccines do not contain tracking microchips",
      summary: "Health authorities say the claim about microchips is baseless.",
      reviewDate: "2021-05-02",
      appearances: ["https://www.social.example.com/post/123?utm_source=share#top"],
    }),
    factCheck({
      id: "en-moon",
      claim: "Astronauts never landed on the moon in 1969",
      title: "Moon landing hoax claims resurface",
      rating: "Pants on Fire",
      publisher: { name: "PolitiFact", site: "politifact.com" },
      reviewDate: "2019-07-20",
    }),
    factCheck({
      id: "en-water",
      claim: "Drinking hot water cures the flu",
      summary: "Doctors say hydration helps but hot water is not a cure for influenza.",
      rating: "Mostly False",
      verdict: "mostly-false",
      reviewDate: "2020-03-10",
    }),
    factCheck({
      id: "ko-troops",
      claim: "북한이 러시아에 군대를 파견하기로 결정했다",
      title: "북한 파병 보도 사실 확인",
      rating: "대체로 사실 아님",
      verdict: "mostly-false",
      publisher: { name: "SNU FactCheck", site: "factcheck.snu.ac.kr" },
      language: "ko",
      reviewDate: "2022-04-27",
    }),
    factCheck({
      id: "zh-water",
      claim: "喝熱水可以預防新冠肺炎",
      rating: "錯誤",
      verdict: "false",
      publisher: { name: "台灣事實查核中心", site: "tfc-taiwan.org.tw" },
      language: "zh-TW",
      reviewDate: "2020-02-01",
    }),
  ];
}

/** Inputs that must never make `search` throw. */
export const HOSTILE_TERMS: readonly string[][] = [
  ['"'],
  ['""', '"unbalanced'],
  ["NEAR(", "vaccine"],
  ["NEAR(vaccine", "moon)", "NEAR(a b, 2)"],
  ["*", "vacc*", "-moon", "^start"],
  ["OR", "AND", "NOT", "vaccine OR moon"],
  ["claim:vaccine", "title:moon", "{claim title}:x", "rowid:1"],
  ["(", ")", "((", "vaccine)"],
  ["🙂🙃🔥", "👍🏽", "🇰🇷"],
  ["\u200b", "zero\u200bwidth", "\u2060\ufeff"],
  ["<script>alert(1)</script>", "<b>moon</b>", "&amp;"],
  ["'; DROP TABLE fc_records; --", "\\", "%", "_"],
  ["\u0000", "\u0007bell", "tab\tnew\nline"],
  ["x".repeat(100 * 1024)],
  [Array.from({ length: 2000 }, (_, i) => `w${i}`).join(" ")],
  ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n"],
  ["", " ", "   "],
];
