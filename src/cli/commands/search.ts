import type { Command } from "commander";
import { preparePost } from "../../core/prepare.ts";
import { planQueries } from "../../core/query-plan.ts";
import type { SearchHit, SearchIndex } from "../../core/search-index.ts";

/** Output stream and index: injected so tests run the command without a process. */
export interface SearchIo {
  index: SearchIndex;
  stdout: { write(chunk: string): unknown };
}

/**
 * Raw candidates for debugging: the query is analysed by the same query plan as a lookup (first query only, at most
 * 10 terms) and sent to the index; no reranking, no decision.
 */
export async function searchCommand(query: string, options: { json?: boolean; limit?: string }, io: SearchIo): Promise<number> {
  const plan = planQueries(preparePost({ text: query }));
  const first = plan.queries[0];
  const limit = Math.min(200, Math.max(1, Number(options.limit ?? 10) || 10));
  const hits: SearchHit[] = first ? await io.index.search({ ...first, limit }) : [];
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({
        terms: first?.terms ?? [],
        hits: hits.map((h) => ({
          rank: h.rank,
          score: h.score,
          id: h.factCheck.id,
          claim: h.factCheck.claim,
          rating: h.factCheck.rating,
          verdict: h.factCheck.verdict,
          publisher: h.factCheck.publisher.name,
          url: h.factCheck.url,
          date: h.factCheck.reviewDate,
        })),
      })}\n`,
    );
    return 0;
  }
  io.stdout.write(`terms: ${(first?.terms ?? []).join(" ") || "(none)"}\n`);
  for (const h of hits) {
    io.stdout.write(`${String(h.rank + 1).padStart(3)}. ${h.score.toFixed(3)}  [${h.factCheck.publisher.name} · ${h.factCheck.rating}] ${h.factCheck.claim}\n`);
  }
  if (hits.length === 0) io.stdout.write("no candidates\n");
  return 0;
}

export function register(program: Command): void {
  program
    .command("search")
    .description("Show the raw search candidates for a query (debugging; no reranking)")
    .argument("<query>", "the query text")
    .option("--json", "print one JSON object")
    .option("--limit <n>", "candidates to show (1..200)", "10")
    .action(async (query: string, options: { json?: boolean; limit?: string }) => {
      const { createApp } = await import("../../app.ts");
      const app = await createApp({ progress: true });
      try {
        process.exitCode = await searchCommand(query, options, { index: app.index, stdout: process.stdout });
      } finally {
        await app.close();
      }
    });
}
