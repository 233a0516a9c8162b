import type { Command } from "commander";
import type { IndexStats, SearchIndex } from "../../core/search-index.ts";

/** Output stream and index: injected so tests run the command without a process. */
export interface StatsIo {
  index: SearchIndex;
  stdout: { write(chunk: string): unknown };
}

function table(title: string, counts: Record<string, number>): string {
  const rows = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const width = Math.max(8, ...rows.map(([k]) => k.length));
  return [`${title}:`, ...rows.map(([k, n]) => `  ${k.padEnd(width)}  ${String(n).padStart(7)}`)].join("\n");
}

/** Formats index statistics as text tables. */
export function formatStats(stats: IndexStats, backend: string): string {
  return [
    `backend: ${backend}`,
    `fact-checks: ${stats.total}`,
    `newest review: ${stats.newestReviewDate ?? "-"}`,
    table("by publisher", stats.byPublisher),
    table("by language", stats.byLanguage),
    table("by verdict", stats.byVerdict),
  ].join("\n");
}

/** Prints counts by publisher, language and verdict. */
export async function statsCommand(options: { json?: boolean }, io: StatsIo): Promise<number> {
  const stats = await io.index.stats();
  io.stdout.write(options.json ? `${JSON.stringify({ backend: io.index.backend, ...stats })}\n` : `${formatStats(stats, io.index.backend)}\n`);
  return 0;
}

export function register(program: Command): void {
  program
    .command("stats")
    .description("Count the indexed fact-checks by publisher, language and verdict")
    .option("--json", "print one JSON object")
    .action(async (options: { json?: boolean }) => {
      const { createApp } = await import("../../app.ts");
      const app = await createApp({ progress: true });
      try {
        process.exitCode = await statsCommand(options, { index: app.index, stdout: process.stdout });
      } finally {
        await app.close();
      }
    });
}
