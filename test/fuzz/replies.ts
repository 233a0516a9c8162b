import fc from "fast-check";
import { VERDICTS } from "../../src/core/factcheck.ts";
import type { Reply, ReplyAction, ReplyFactCheck } from "../../src/core/reply-types.ts";
import { nastyText } from "./fuzz.ts";

const url = fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), nastyText(60), fc.constant("javascript:alert(1)"));
const token = fc.oneof(fc.base64String({ maxLength: 20 }), nastyText(80));

export const factCheckArb: fc.Arbitrary<ReplyFactCheck> = fc.record(
  {
    id: fc.string({ maxLength: 40 }),
    rating: nastyText(120),
    verdict: fc.constantFrom(...VERDICTS),
    verdictLabel: nastyText(30),
    claim: nastyText(3_000),
    publisher: nastyText(80),
    date: fc.oneof(fc.constant("2022-04-26"), fc.string({ maxLength: 12 })),
    old: fc.boolean(),
    url,
    score: fc.double({ min: 0, max: 1, noNaN: true }),
    matchedTerms: fc.array(nastyText(20), { maxLength: 12 }),
    differences: fc.array(fc.record({ kind: fc.constantFrom("place", "number", "actor", "negation"), post: nastyText(40), claim: nastyText(40) }), {
      maxLength: 3,
    }),
  },
  { requiredKeys: ["id", "rating", "verdict", "verdictLabel", "claim", "publisher", "date", "old", "url", "score", "matchedTerms"] },
);

const actionArb: fc.Arbitrary<ReplyAction> = fc.oneof(
  fc.record({ kind: fc.constant("link" as const), label: nastyText(100), url }),
  fc.record({ kind: fc.constant("feedback" as const), value: fc.constantFrom("helpful" as const, "wrong" as const), label: nastyText(100), token }),
  fc.record({ kind: fc.constant("tip" as const), label: nastyText(100), token }),
);

/** Any reply the runtime could produce, and worse: hostile strings in every field, long claims, many related. */
export const replyArb: fc.Arbitrary<Reply> = fc.record(
  {
    kind: fc.constantFrom("match", "related", "none", "rejected", "info", "error") as fc.Arbitrary<Reply["kind"]>,
    locale: fc.constantFrom("en" as const, "ko" as const),
    title: nastyText(400),
    text: nastyText(6_000),
    primary: factCheckArb,
    related: fc.array(factCheckArb, { maxLength: 8 }),
    actions: fc.array(actionArb, { maxLength: 8 }),
    imageText: nastyText(2_000),
  },
  { requiredKeys: ["kind", "locale", "title", "text", "related", "actions"] },
);
