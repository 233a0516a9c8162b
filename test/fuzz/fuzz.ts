import fc from "fast-check";

/**
 * Property runs for the fuzz suites. `FUZZ_SEED` replays a run (the seed is printed when a property fails, with the
 * shrunk counterexample and its path); `FUZZ_SCALE` multiplies every case count (e.g. 10 for a long local run).
 */
const SCALE = Number(process.env.FUZZ_SCALE ?? "1") || 1;
const FIXED_SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

/** Case counts actually run, by property name (for docs/reliability.md). */
export const caseCounts = new Map<string, number>();

/** Runs a property `numRuns × FUZZ_SCALE` times; on failure throws fast-check's report plus how to replay it. */
export function fuzz<T>(name: string, arbitrary: fc.Arbitrary<T>, predicate: (value: T) => void, numRuns: number): void {
  const runs = Math.max(1, Math.round(numRuns * SCALE));
  const seed = FIXED_SEED ?? (Date.now() ^ (Math.random() * 0x100000000)) | 0;
  const details = fc.check(fc.property(arbitrary, (value) => predicate(value)), { numRuns: runs, seed });
  caseCounts.set(name, details.numRuns);
  if (details.failed) {
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`${fc.defaultReportMessage(details)}\nfailure: ${cause}\nreplay with: FUZZ_SEED=${seed} npx vitest run test/fuzz`);
  }
}

/** Text with the characters that break things: markup, quotes, entities, mentions, RTL and zero-width marks, emoji. */
export const nastyText = (maxLength = 300): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        { weight: 5, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
        { weight: 3, arbitrary: fc.string({ maxLength: 20 }) },
        {
          weight: 4,
          arbitrary: fc.constantFrom(
            "<", ">", "&", "&amp;", '"', "'", "`", "```", "*", "_", "~", "|", "||", "\\", "\n", "\r\n", "\t",
            "<b>", "</a>", '<a href="javascript:alert(1)">', "<script>", "@everyone", "@here", "<@123456789012345678>",
            "<@&987654321098765432>", "<#123>", "https://example.org/a?b=c&d=<e>", "http://x", "[x](https://e.org)",
            "\u200b", "\u202e", "\ufeff", "\u0000", "🇰🇷", "👍🏽", "북한", "軍隊", "\ud800", "North Korea", "troops",
            "Ukraine", "NEAR(", "OR", "\"quoted\"", "-neg", "*", "(", ")", ":", "^",
          ),
        },
      ),
      { maxLength: Math.max(1, Math.ceil(maxLength / 8)) },
    )
    .map((parts) => parts.join("").slice(0, maxLength));

/** `fuzz` for an async predicate. */
export async function fuzzAsync<T>(name: string, arbitrary: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>, numRuns: number): Promise<void> {
  const runs = Math.max(1, Math.round(numRuns * SCALE));
  const seed = FIXED_SEED ?? (Date.now() ^ (Math.random() * 0x100000000)) | 0;
  const details = await fc.check(fc.asyncProperty(arbitrary, (value) => predicate(value)), { numRuns: runs, seed });
  caseCounts.set(name, details.numRuns);
  if (details.failed) {
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`${fc.defaultReportMessage(details)}\nfailure: ${cause}\nreplay with: FUZZ_SEED=${seed} npx vitest run test/fuzz`);
  }
}
