import { SEED_TEXT } from "../runtime/helpers.ts";

/** Length of the long hostile input (characters): issue 2 asks for 100 kB of text. */
export const LONG_INPUT_CHARS = 100_000;

function long(): string {
  const unit = `${SEED_TEXT}. Lorem ipsum dolor sit amet, 북한 군대 우크라이나 파병 🇰🇵 `;
  return unit.repeat(Math.ceil(LONG_INPUT_CHARS / unit.length)).slice(0, LONG_INPUT_CHARS);
}

/**
 * Inputs a hostile or careless user may send (issue 2, Must show). Each must end in a clean result: a lookup with
 * an outcome, never an exception. Shared by the CLI, HTTP and adapter tests.
 */
export const HOSTILE_INPUTS: ReadonlyArray<{ name: string; text: string }> = [
  { name: "100 kB of text", text: long() },
  { name: "only emoji", text: "😀😂🤣🔥🔥🔥🇰🇷👍🏽‍♀️" },
  { name: "FTS5 quote", text: 'North Korea "troops' },
  { name: "FTS5 NEAR(", text: "NEAR(north korea troops" },
  { name: "FTS5 star", text: "* troops* *korea" },
  { name: "FTS5 minus", text: "- -north -korea --troops" },
  { name: "FTS5 OR AND NOT", text: "OR AND NOT north OR korea AND NOT" },
  { name: "FTS5 column filter and braces", text: "claim: {north korea} ^troops (ukraine" },
  { name: "zero-width characters", text: "North\u200b Korea\u200c troops\u200d\u2060\ufeff Ukraine\u200b\u200b" },
  { name: "only zero-width characters", text: "\u200b\u200c\u200d\ufeff" },
  { name: "HTML", text: '<b>North Korea</b> &amp; <script>alert("troops")</script> <a href="x">Ukraine</a>' },
];
